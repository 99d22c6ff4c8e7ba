using System.Diagnostics;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Sdk.Torch;
using CellOps.Sdk.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime.Translation;

internal sealed class TranslationTestPlugin : ICellPlugin
{
    public string Id => "TinyTranslation";
    public Version Version { get; } = new(1, 0, 0);
    public StudyReference Study { get; } = new("Test study", "CellOps tests (2026)");
    public IReadOnlyList<ICellModel> Models { get; } = new ICellModel[] { new LinearTranslator(), new IdentityTranslator() };
    public static LinearTranslator Linear => (LinearTranslator)new TranslationTestPlugin().Models[0];
    public static IdentityTranslator Identity => (IdentityTranslator)new TranslationTestPlugin().Models[1];
}

/// <summary>
/// A 1×1 convolution from the input channels to the target channels, trained on L1 by its own loop with
/// Adam kept by the host: small enough to train in a blink, and able to learn a per-pixel linear map exactly.
/// </summary>
internal sealed class LinearTranslator : IImageTranslationModel, ICustomTrainingModel
{
    public const int TileSize = 16;
    public string Name => "Linear";
    public string Description => "A per-pixel linear map.";
    public ModelTask Task => ModelTask.ImageTranslation;
    public InputSpec Input { get; } = new(TileSize, 1, Normalization.UnitRange);
    public TileTarget Target => TileTarget.Image;
    public IReadOnlyList<string> ClassNames => Array.Empty<string>();
    public IReadOnlyList<HyperParameter> HyperParameters { get; } = new[]
    {
        new HyperParameter("LearningRate", HyperParameterKind.LogReal, 1e-4, 1, 0.05, "Adam's step size."),
    };
    public OutputRange OutputRange => OutputRange.Unit;

    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters) => CreateNetwork(hyperParameters, 1, 1);

    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters, int inputChannels, int outputChannels) =>
        nn.Conv2d(inputChannels, outputChannels, 1);

    public void Train(nn.Module<Tensor, Tensor> network, ITrainingContext context)
    {
        using var optimizer = Optimizers.Adam(network.parameters(), context.LearningRate);
        context.KeepOptimizer("generator", optimizer);
        for (int epoch = context.StartEpoch; epoch <= context.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            network.train();
            double sum = 0;
            int batches = 0;
            foreach (var batch in context.TrainingBatches(epoch))
            {
                using var scope = torch.NewDisposeScope();
                using (batch)
                {
                    optimizer.zero_grad();
                    var loss = nn.functional.l1_loss(network.call(batch.Inputs), batch.Targets!);
                    loss.backward();
                    optimizer.step();
                    sum += loss.item<float>();
                    batches++;
                }
                context.Report(new TrainingProgress(epoch, context.Epochs, batches, context.TrainingBatchCount, sum / batches, null));
                if (context.Cancellation.IsCancellationRequested) break;
            }
            var metrics = new Dictionary<string, double> { ["loss"] = sum / Math.Max(1, batches), ["seconds"] = clock.Elapsed.TotalSeconds };
            network.eval();
            double validation = 0;
            int tiles = 0;
            using (torch.no_grad())
            {
                foreach (var batch in context.ValidationBatches())
                {
                    using var scope = torch.NewDisposeScope();
                    using (batch)
                    {
                        validation += nn.functional.l1_loss(network.call(batch.Inputs), batch.Targets!).item<float>() * batch.Count;
                        tiles += batch.Count;
                    }
                }
            }
            if (tiles > 0) metrics["val_loss"] = validation / tiles;
            if (!context.EndEpoch(epoch, metrics)) break;
        }
    }
}

/// <summary>Returns its input: with a unit target scaling, a prediction must rebuild the input exactly.</summary>
internal sealed class IdentityTranslator : IImageTranslationModel, ICustomTrainingModel
{
    public string Name => "Identity";
    public string Description => "Returns its input.";
    public ModelTask Task => ModelTask.ImageTranslation;
    public InputSpec Input { get; } = new(16, 1, Normalization.None);
    public TileTarget Target => TileTarget.Image;
    public IReadOnlyList<string> ClassNames => Array.Empty<string>();
    public IReadOnlyList<HyperParameter> HyperParameters => Array.Empty<HyperParameter>();
    public OutputRange OutputRange => OutputRange.Unit;
    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters) => nn.Identity();
    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters, int inputChannels, int outputChannels) => nn.Identity();
    public void Train(nn.Module<Tensor, Tensor> network, ITrainingContext context) => context.EndEpoch(context.StartEpoch, new Dictionary<string, double>());
}
