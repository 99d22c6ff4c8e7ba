using CellOps.Imaging.Tiling;
using CellOps.Plugins.CancerStemCell;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Runtime.Translation;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Tests.Runtime;
using CellOps.Tests.Runtime.Translation;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Plugins.CancerStemCell;

/// <summary>Pix2Pix through the host as Start-CellTraining runs it: image targets, checkpoints, resume, prediction.</summary>
[Collection(TorchCollection.Name)]
public sealed class Pix2PixTrainingTests : IDisposable
{
    private static readonly ComputeContext Cpu = ComputeContext.Create(DevicePreference.Cpu, threads: 1);
    private static readonly Pix2PixModel Model = new();
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // Two 256×128 phase-contrast fields with their marker pair: two 128-pixel tiles each, one field held out.
    private static TileSet Tiles()
    {
        var builder = new TileSetBuilder(new TilingOptions(TranslationHyperParameters.TileSize) { Target = TileTarget.Image });
        builder.Add(TranslationTrainingTests.PairedField("a", 256, 128, 1), null);
        builder.Add(TranslationTrainingTests.PairedField("b", 256, 128, 2), null);
        return builder.Build();
    }

    private static TrainingOptions Options => new()
    {
        Epochs = 3, BatchSize = 2, ValidationFraction = 0.5, Seed = 5, HyperParameters = TinyWidths.For(Model),
    };

    private static TrainingOutcome Train(TrainingOptions options, CancellationToken cancellation = default,
        Action<CellOps.Sdk.Training.TrainingProgress>? progress = null) => ModelTrainer.Train(new TrainingRequest
    {
        Plugin = new CancerStemCellPlugin(),
        Model = Model,
        Tiles = Tiles(),
        Options = options,
        Compute = Cpu,
        Cancellation = cancellation,
        Progress = progress,
    });

    [Fact]
    public void A_resumed_run_restores_both_optimisers_and_ends_with_the_uninterrupted_runs_weights()
    {
        using var whole = Train(Options);

        string checkpoint = _folder.File("run.cellmodel");
        using var stop = new CancellationTokenSource();
        using (var interrupted = Train(Options with { CheckpointPath = checkpoint }, stop.Token, p => { if (p.Epoch == 3) stop.Cancel(); }))
        {
            Assert.Equal(2, interrupted.CompletedEpochs);
        }
        using (var package = ModelPackage.Open(checkpoint, CellOps.Sdk.SdkVersion.Current))
        {
            Assert.Contains(Checkpoint.KeptOptimizerEntry("generator"), package.Manifest.Entries.Keys);
            Assert.Contains(Checkpoint.KeptOptimizerEntry("discriminator"), package.Manifest.Entries.Keys);
        }
        using var resumed = Train(Options with { CheckpointPath = checkpoint, Resume = true });

        Assert.Equal(3, resumed.CompletedEpochs);
        // Both halves, batch-norm statistics included, as if the run had never stopped.
        Assert.Equal(Checkpoint.SaveWeights(whole.Network), Checkpoint.SaveWeights(resumed.Network));
        Assert.Equal(whole.Epochs.Select(e => e.Loss), resumed.Epochs.Select(e => e.Loss));
        Assert.Equal(whole.Epochs.Select(e => e.ValidationLoss), resumed.Epochs.Select(e => e.ValidationLoss));
    }

    [Fact]
    public void Without_the_discriminators_state_a_resume_would_differ()
    {
        // The counter-test of the one above: a fresh discriminator optimiser after epoch 2 changes epoch 3.
        string checkpoint = _folder.File("run.cellmodel");
        using (Train(Options with { Epochs = 2, CheckpointPath = checkpoint }))
        {
        }
        using var whole = Train(Options);
        string stripped = _folder.File("stripped.cellmodel");
        using (var package = ModelPackage.Open(checkpoint, CellOps.Sdk.SdkVersion.Current))
        {
            var entries = package.Manifest.Entries.Keys
                .Where(k => k != Checkpoint.KeptOptimizerEntry("discriminator"))
                .ToDictionary(k => k, k => package.ReadEntry(k));
            ModelPackageWriter.Write(stripped, package.Manifest, entries);
        }
        using var resumed = Train(Options with { CheckpointPath = stripped, Resume = true });
        Assert.NotEqual(Checkpoint.SaveWeights(whole.Network), Checkpoint.SaveWeights(resumed.Network));
    }

    [Fact]
    public void The_package_keeps_both_halves_and_predicts_whole_micrographs_in_the_markers_units()
    {
        string path = _folder.File("pix2pix.cellmodel");
        using (var outcome = Train(Options with { Epochs = 1 }))
        {
            Assert.Equal(ModelTask.ImageTranslation, outcome.Manifest.Task);
            var scaling = outcome.Manifest.TargetScaling!;
            Assert.Equal((-1f, 1f), (scaling.OutputLow, scaling.OutputHigh));
            Assert.All(new[] { "loss", "loss_d", "d_real", "d_fake", "val_loss", "val_l1" }, k => Assert.Contains(k, outcome.Manifest.EpochMetrics[0].Keys));
            outcome.Save(path);
        }
        using var package = ModelPackage.Open(path, CellOps.Sdk.SdkVersion.Current);
        using var loaded = LoadedModel.Load(package, Model, Cpu);
        var gan = Assert.IsType<Pix2PixNetwork>(loaded.Network);
        Assert.Equal((1, 1), (gan.Generator.InputChannels, gan.Generator.OutputChannels));

        var field = TranslationTrainingTests.PairedField("unseen", 200, 150, 9);
        var predicted = TranslationPredictor.Predict(loaded, field, stride: 64, batchSize: 4);
        using var pixels = predicted.OpenPixels();
        Assert.Equal((200, 150, 1, PixelType.Float32), (pixels.Width, pixels.Height, pixels.ChannelCount, pixels.PixelType));
    }
}
