using System.Diagnostics;
using CellOps.Sdk.Training;
using CellOps.Sdk.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CellOps.Plugins.CancerStemCell;

/// <summary>
/// The training loop of both models: the generator learns to make each tile's target image, on L1 alone
/// or, with an adversary, on pix2pix's objective: each batch the discriminator learns to tell the real
/// (tile, target) pairs from (tile, generated) ones, then the generator learns to fool it while staying
/// within L1 of the target (loss = adversarial + λ·L1).
/// </summary>
/// <remarks>
/// After each epoch the generator, in evaluation mode, makes the validation tiles' images: their mean
/// absolute difference from the targets is <c>val_loss</c> (what early stopping watches) and <c>val_l1</c>.
/// Training metrics: <c>loss</c> and <c>loss_g</c> (the generator's objective), <c>l1</c>, and with an
/// adversary <c>loss_d</c>, <c>d_real</c> and <c>d_fake</c> (the discriminator's mean probability that
/// real and generated images are real); <c>seconds</c>.
/// </remarks>
internal sealed class TranslationLoop
{
    private readonly string modelName;
    private readonly nn.Module<Tensor, Tensor> network;
    private readonly UNetGenerator generator;
    private readonly Pix2PixNetwork? gan;
    private readonly Scalar lambda;
    private readonly Scalar half = Scalars.Of(0.5);

    private TranslationLoop(string modelName, nn.Module<Tensor, Tensor> network, UNetGenerator generator, Pix2PixNetwork? gan, double lambda)
    {
        (this.modelName, this.network, this.generator, this.gan) = (modelName, network, generator, gan);
        this.lambda = Scalars.Of(lambda);
    }

    /// <summary>Trains a generator on L1 alone.</summary>
    public static void TrainL1(string modelName, UNetGenerator generator, ITrainingContext context) =>
        new TranslationLoop(modelName, generator, generator, null, 0).Run(context);

    /// <summary>Trains pix2pix: the generator on adversarial + λ·L1, the discriminator beside it.</summary>
    public static void TrainAdversarial(string modelName, Pix2PixNetwork gan, double lambda, ITrainingContext context) =>
        new TranslationLoop(modelName, gan, gan.Generator, gan, lambda).Run(context);

    private void Run(ITrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        double beta1 = context.HyperParameters.GetReal(TranslationHyperParameters.Beta1);
        using var optimizerG = Optimizers.Adam(generator.parameters(), context.LearningRate, beta1, TranslationHyperParameters.Beta2);
        using var optimizerD = gan is null ? null : Optimizers.Adam(gan.Discriminator.parameters(), context.LearningRate, beta1, TranslationHyperParameters.Beta2);
        // Every optimiser's moments go into each checkpoint, so a resumed run continues exactly.
        context.KeepOptimizer("generator", optimizerG);
        if (optimizerD is not null) context.KeepOptimizer("discriminator", optimizerD);

        for (int epoch = context.StartEpoch; epoch <= context.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            network.train();
            var totals = new EpochTotals();
            foreach (var batch in context.TrainingBatches(epoch))
            {
                using (batch)
                {
                    if (context.Cancellation.IsCancellationRequested) break;
                    var targets = TargetsOf(batch);
                    if (optimizerD is null) StepL1(batch.Inputs, targets, optimizerG, totals);
                    else StepAdversarial(batch.Inputs, targets, optimizerG, optimizerD, totals);
                }
                context.Report(new TrainingProgress(epoch, context.Epochs, totals.Batches, context.TrainingBatchCount, totals.Mean(totals.LossG), null));
            }

            var metrics = new Dictionary<string, double>
            {
                ["loss"] = totals.Mean(totals.LossG),
                ["loss_g"] = totals.Mean(totals.LossG),
                ["l1"] = totals.Mean(totals.L1),
            };
            if (gan is not null)
            {
                metrics["loss_d"] = totals.Mean(totals.LossD);
                metrics["d_real"] = totals.Mean(totals.RealScore);
                metrics["d_fake"] = totals.Mean(totals.FakeScore);
            }
            if (!context.Cancellation.IsCancellationRequested && Validate(context) is { } validationL1)
            {
                metrics["val_loss"] = validationL1;
                metrics["val_l1"] = validationL1;
            }
            metrics["seconds"] = clock.Elapsed.TotalSeconds;
            if (!context.EndEpoch(epoch, metrics)) break;
        }
        network.eval();
    }

    private void StepL1(Tensor inputs, Tensor targets, OptimizerHelper optimizerG, EpochTotals totals)
    {
        using var scope = torch.NewDisposeScope();
        optimizerG.zero_grad();
        var l1 = F.l1_loss(Generate(inputs, targets), targets);
        l1.backward();
        optimizerG.step();
        float value = l1.item<float>();
        totals.Add(value, value);
    }

    // pix2pix's step: the discriminator on real and (detached) generated pairs, its loss halved; then the
    // generator through the updated discriminator, whose parameters take no gradient meanwhile.
    private void StepAdversarial(Tensor inputs, Tensor targets, OptimizerHelper optimizerG, OptimizerHelper optimizerD, EpochTotals totals)
    {
        using var scope = torch.NewDisposeScope();
        var fake = Generate(inputs, targets);

        optimizerD.zero_grad();
        var realLogits = gan!.Judge(inputs, targets);
        var fakeLogits = gan.Judge(inputs, fake.detach());
        var lossD = F.binary_cross_entropy_with_logits(realLogits, torch.ones_like(realLogits))
            .add(F.binary_cross_entropy_with_logits(fakeLogits, torch.zeros_like(fakeLogits)), Scalars.One)
            .mul(half);
        lossD.backward();
        optimizerD.step();

        var discriminatorParameters = gan.Discriminator.parameters().ToArray();
        SetRequiresGrad(discriminatorParameters, false);
        try
        {
            optimizerG.zero_grad();
            var fooled = gan.Judge(inputs, fake);
            var l1 = F.l1_loss(fake, targets);
            var lossG = F.binary_cross_entropy_with_logits(fooled, torch.ones_like(fooled)).add(l1, lambda);
            lossG.backward();
            optimizerG.step();
            totals.Add(lossG.item<float>(), l1.item<float>(), lossD.item<float>(),
                realLogits.sigmoid().mean().item<float>(), fakeLogits.sigmoid().mean().item<float>());
        }
        finally
        {
            SetRequiresGrad(discriminatorParameters, true);
        }
    }

    // Mean absolute difference of the generator's images from the validation targets, in eval mode; null without validation tiles.
    private double? Validate(ITrainingContext context)
    {
        generator.eval();
        using var noGrad = torch.no_grad();
        double sum = 0;
        long count = 0;
        foreach (var batch in context.ValidationBatches())
        {
            using (batch)
            using (var scope = torch.NewDisposeScope())
            {
                var targets = TargetsOf(batch);
                sum += F.l1_loss(Generate(batch.Inputs, targets), targets, nn.Reduction.Sum).item<float>();
                count += targets.numel();
            }
        }
        return count == 0 ? null : sum / count;
    }

    private Tensor Generate(Tensor inputs, Tensor targets)
    {
        var images = generator.call(inputs);
        if (!images.shape.SequenceEqual(targets.shape))
        {
            throw new ArgumentException($"{modelName} makes {string.Join("×", images.shape)} images for these tiles, but their targets are " +
                                        $"{string.Join("×", targets.shape)}: the network was built for {generator.OutputChannels} target channel(s).");
        }
        return images;
    }

    private Tensor TargetsOf(TrainingBatch batch) => batch.Targets
        ?? throw new ArgumentException($"{modelName} learns each tile's paired image: train it on tiles with image targets (TileTarget.Image).");

    private static void SetRequiresGrad(IEnumerable<Parameter> parameters, bool value)
    {
        foreach (var p in parameters) p.requires_grad = value;
    }
}
