using System.Diagnostics;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Sdk.Training;
using CellOps.Sdk.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.Leukocyte;

/// <summary>
/// The study's synthetic cells: a DCGAN trained on the crops of one cell type (give it the tiles of
/// one class) learns to make new 64×64 colour crops of that type. The plugin drives the adversarial
/// loop itself through the host's training context: each batch, the discriminator learns to tell the
/// real crops from the generator's, then the generator learns to fool it (Adam, β1 0.5, as in DCGAN).
/// </summary>
/// <remarks>
/// The tiles' targets are not used; the classes present in them are recorded in the package, so the
/// micrographs it generates say which type they imitate. Checkpoints keep both networks' weights and
/// both optimisers' state, so a resumed run continues as the uninterrupted one would have.
/// </remarks>
public sealed class DcganModel : ICustomTrainingModel
{
    /// <summary>Hyperparameter name: length of the latent vector.</summary>
    public const string LatentSize = "LatentSize";

    /// <summary>Hyperparameter name: the generator's width.</summary>
    public const string GeneratorWidth = "GeneratorWidth";

    /// <summary>Hyperparameter name: the discriminator's width.</summary>
    public const string DiscriminatorWidth = "DiscriminatorWidth";

    /// <summary>Hyperparameter name: Adam learning rate of both networks.</summary>
    public const string LearningRate = "LearningRate";

    /// <summary>Hyperparameter name: Adam's β1.</summary>
    public const string Beta1 = "Beta1";

    /// <summary>Hyperparameter name: the target the discriminator gets for real crops (one-sided label smoothing).</summary>
    public const string RealLabel = "RealLabel";

    // Batches of fresh latents that re-estimate the generator's batch-norm statistics at the end of each epoch.
    private const int RecalibrationBatches = 8;

    private static readonly HyperParameter[] Declared =
    {
        new(LatentSize, HyperParameterKind.Integer, 8, 256, 64, "Length of the latent (noise) vector."),
        new(GeneratorWidth, HyperParameterKind.Integer, 4, 128, 32, "Channels of the generator's last hidden map (8× in its first)."),
        new(DiscriminatorWidth, HyperParameterKind.Integer, 4, 128, 32, "Channels of the discriminator's first map (doubling per layer)."),
        new(LearningRate, HyperParameterKind.LogReal, 1e-5, 1e-2, 2e-4, "Adam learning rate of both networks."),
        new(Beta1, HyperParameterKind.Real, 0, 0.99, 0.5, "Adam β1 of both networks."),
        new(RealLabel, HyperParameterKind.Real, 0.7, 1, 0.9, "Discriminator target for real crops; below 1 keeps it from overconfidence on little data."),
    };

    /// <inheritdoc />
    public string Name => "DCGAN";

    /// <inheritdoc />
    public string Description =>
        "Generates synthetic 64×64 RGB white-cell crops of the type it was trained on (train on one class's tiles); " +
        "Invoke-CellModel -Count N makes N of them.";

    /// <inheritdoc />
    public ModelTask Task => ModelTask.Generation;

    /// <summary>Crops scaled to 0..1 (the loop maps them to the generator's −1..1).</summary>
    public InputSpec Input { get; } = new(DcganGenerator.ImageSize, 3, Normalization.UnitRange);

    /// <inheritdoc />
    public TileTarget Target => TileTarget.None;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames => Array.Empty<string>();

    /// <inheritdoc />
    public IReadOnlyList<HyperParameter> HyperParameters => Declared;

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        return new DcganNetwork(hyperParameters.GetInt(LatentSize), hyperParameters.GetInt(GeneratorWidth),
            hyperParameters.GetInt(DiscriminatorWidth), Input.Channels);
    }

    /// <inheritdoc />
    public void Train(nn.Module<Tensor, Tensor> network, ITrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (network is not DcganNetwork gan) throw new ArgumentException($"{Name} trains a {nameof(DcganNetwork)}, not {network?.GetType().Name}.", nameof(network));
        double beta1 = context.HyperParameters.GetReal(Beta1);
        float realLabel = (float)context.HyperParameters.GetReal(RealLabel);
        using var optimizerD = Optimizers.Adam(gan.Discriminator.parameters(), context.LearningRate, beta1, 0.999);
        using var optimizerG = Optimizers.Adam(gan.Generator.parameters(), context.LearningRate, beta1, 0.999);
        // Both optimisers' moments go into every checkpoint, so a resumed run continues exactly.
        context.KeepOptimizer("discriminator", optimizerD);
        context.KeepOptimizer("generator", optimizerG);

        for (int epoch = context.StartEpoch; epoch <= context.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            gan.train();
            var sums = new EpochSums();
            foreach (var batch in context.TrainingBatches(epoch))
            {
                using (batch)
                {
                    if (context.Cancellation.IsCancellationRequested) break;
                    Step(gan, batch.Inputs, optimizerD, optimizerG, realLabel, context.Device, sums);
                }
                // The loss shown is the generator's; a GAN has no validation metric to show beside it.
                context.Report(new TrainingProgress(epoch, context.Epochs, sums.Batches, context.TrainingBatchCount, sums.Mean(sums.LossG), null));
            }
            Recalibrate(gan, context.BatchSize, context.Device);
            var metrics = new Dictionary<string, double>
            {
                // "loss" is the generator's: the number a user watches fall as the fakes get better.
                ["loss"] = sums.Mean(sums.LossG),
                ["loss_d"] = sums.Mean(sums.LossD),
                ["d_real"] = sums.Mean(sums.RealScore),
                ["d_fake"] = sums.Mean(sums.FakeScore),
                ["seconds"] = clock.Elapsed.TotalSeconds,
            };
            if (!context.EndEpoch(epoch, metrics)) break;
        }
    }

    // One adversarial step: the discriminator on real and (detached) fake crops, then the generator
    // through the updated discriminator. Everything made here goes with the dispose scope.
    private static void Step(DcganNetwork gan, Tensor inputs, OptimizerHelper optimizerD, OptimizerHelper optimizerG,
        float realLabel, Device device, EpochSums sums)
    {
        using var scope = torch.NewDisposeScope();
        // Crops in [0, 1] to the generator's [−1, 1]: 2x − 1, with Scalars that outlive the native call.
        var real = inputs.mul(Scalars.Of(2L)).sub_(Scalars.One);
        long n = real.shape[0];
        var latent = torch.randn(new[] { n, (long)gan.LatentSize }, device: device);
        var fake = gan.Generator.call(latent);
        var realTargets = torch.full(new[] { n }, Scalars.Of(realLabel), device: device);
        var fakeTargets = torch.zeros(new[] { n }, device: device);
        var ones = torch.ones(new[] { n }, device: device);

        optimizerD.zero_grad();
        var realLogits = gan.Discriminator.call(real);
        var fakeLogits = gan.Discriminator.call(fake.detach());
        var lossD = nn.functional.binary_cross_entropy_with_logits(realLogits, realTargets)
            .add(nn.functional.binary_cross_entropy_with_logits(fakeLogits, fakeTargets), Scalars.One);
        lossD.backward();
        optimizerD.step();

        optimizerG.zero_grad();
        var lossG = nn.functional.binary_cross_entropy_with_logits(gan.Discriminator.call(fake), ones);
        lossG.backward();
        optimizerG.step();

        sums.Add(lossD.item<float>(), lossG.item<float>(),
            realLogits.sigmoid().mean().item<float>(), fakeLogits.sigmoid().mean().item<float>());
    }

    // The generator's batch-norm running statistics trail weights that moved every batch; samples are
    // made in evaluation mode (so one latent gives one image whatever else is in the batch), so the
    // statistics are re-estimated from fresh latents under the final weights, as an equal-weight average.
    private static void Recalibrate(DcganNetwork gan, int batchSize, Device device)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var norms = gan.Generator.modules().OfType<BatchNorm>().ToArray();
        foreach (var norm in norms)
        {
            norm.reset_running_stats();
            norm.momentum = null;
        }
        gan.Generator.train();
        for (int i = 0; i < RecalibrationBatches; i++)
        {
            gan.Generator.call(torch.randn(new[] { Math.Max(2L, batchSize), (long)gan.LatentSize }, device: device));
        }
        foreach (var norm in norms) norm.momentum = 0.1;
        gan.eval();
    }
}
