using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Sdk.Tiling;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime;

[Collection(TorchCollection.Name)]
public sealed class ModelTrainerTests
{
    private static readonly ComputeContext Cpu = ComputeContext.Create(DevicePreference.Cpu, threads: 1);

    private static TrainingOutcome Train(TileSet tiles, TrainingOptions options, Action<CellOps.Sdk.Training.TrainingProgress>? progress = null,
        CancellationToken cancellation = default) =>
        ModelTrainer.Train(new TrainingRequest
        {
            Plugin = new TinyPlugin(),
            Model = TinyPlugin.Model,
            Tiles = tiles,
            Options = options,
            Compute = Cpu,
            Progress = progress,
            Cancellation = cancellation,
        });

    [Fact]
    public void A_tiny_network_learns_the_blob_task()
    {
        var tiles = BlobTiles.Create(micrographs: 8);
        using var outcome = Train(tiles, new TrainingOptions { Epochs = 12, BatchSize = 16, ValidationFraction = 0.25, Seed = 5 });

        var last = outcome.Epochs[^1];
        Assert.Equal(12, outcome.Epochs.Count);
        Assert.True(last.ValidationAccuracy >= 0.9, $"validation accuracy {last.ValidationAccuracy}");
        Assert.True(last.Loss < outcome.Epochs[0].Loss, "the training loss went down");
        Assert.Null(outcome.StopReason);
    }

    [Fact]
    public void The_same_seed_gives_identical_weights_and_metrics_and_another_seed_does_not()
    {
        var tiles = BlobTiles.Create();
        var options = new TrainingOptions { Epochs = 2, BatchSize = 16, Seed = 11 };
        using var first = Train(tiles, options);
        using var second = Train(tiles, options);
        using var other = Train(tiles, options with { Seed = 12 });

        Assert.Equal(Checkpoint.SaveWeights(first.Network), Checkpoint.SaveWeights(second.Network));
        Assert.Equal(first.Epochs.Select(e => (e.Loss, e.ValidationLoss)), second.Epochs.Select(e => (e.Loss, e.ValidationLoss)));
        Assert.NotEqual(Checkpoint.SaveWeights(first.Network), Checkpoint.SaveWeights(other.Network));
    }

    [Fact]
    public void Resuming_an_interrupted_run_gives_the_weights_of_an_uninterrupted_one()
    {
        var tiles = BlobTiles.Create();
        using var folder = new TempFolder();
        var options = new TrainingOptions { Epochs = 4, BatchSize = 16, Seed = 21 };
        using var whole = Train(tiles, options);

        // Interrupt in the middle of epoch 3, the way Ctrl+C does: the checkpoint keeps epoch 2.
        string checkpoint = folder.File("run.cellmodel");
        using var stop = new CancellationTokenSource();
        using (var interrupted = Train(tiles, options with { CheckpointPath = checkpoint },
                   p => { if (p.Epoch == 3 && p.Batch == 2) stop.Cancel(); }, stop.Token))
        {
            Assert.True(interrupted.Cancelled);
            Assert.Equal(2, interrupted.CompletedEpochs);
        }
        Assert.Empty(Directory.GetFiles(folder.Path).Where(f => f != checkpoint));

        using var resumed = Train(tiles, options with { CheckpointPath = checkpoint, Resume = true });
        Assert.Equal(4, resumed.Epochs.Count);
        Assert.Equal(Checkpoint.SaveWeights(whole.Network), Checkpoint.SaveWeights(resumed.Network));
        Assert.Equal(whole.Epochs.Select(e => e.Loss), resumed.Epochs.Select(e => e.Loss));
    }

    [Fact]
    public void A_checkpoint_of_another_run_is_refused()
    {
        var tiles = BlobTiles.Create();
        using var folder = new TempFolder();
        string checkpoint = folder.File("run.cellmodel");
        using (Train(tiles, new TrainingOptions { Epochs = 1, BatchSize = 16, Seed = 1, CheckpointPath = checkpoint })) { }

        var error = Assert.Throws<ArgumentException>(() =>
            Train(tiles, new TrainingOptions { Epochs = 2, BatchSize = 16, Seed = 2, CheckpointPath = checkpoint, Resume = true }));
        Assert.Contains("seed 1 vs 2", error.Message);

        var sided = Disagreeing();
        var bySide = new TrainingOptions { Epochs = 1, BatchSize = 16, Seed = 1, CheckpointPath = checkpoint, HoldOutBy = BySide };
        using (Train(sided, bySide)) { }
        Assert.Contains("validation held out by metadata 'Side' vs micrograph", Assert.Throws<ArgumentException>(() =>
            Train(sided, bySide with { Epochs = 2, Resume = true, HoldOutBy = null })).Message);
        Assert.Contains("weights kept: the best epoch's vs the last epoch's (-KeepLast)", Assert.Throws<ArgumentException>(() =>
            Train(sided, bySide with { Epochs = 2, Resume = true, KeepBest = false })).Message);
    }

    private static CellOps.Runtime.Data.HoldOutGrouping BySide => CellOps.Runtime.Data.HoldOutGrouping.ByMetadata("Side");

    /// <summary>
    /// Blob tiles of two sides that disagree: side B's labels are the inverse of side A's. Held out by side,
    /// validation gets worse the better the network learns the training side, so an early epoch is the best.
    /// </summary>
    private static TileSet Disagreeing()
    {
        var tiles = BlobTiles.Create(micrographs: 6, metadata: m => new Dictionary<string, string> { ["Side"] = m < 4 ? "A" : "B" });
        return new TileSet(tiles.Tiles.Select(t => t.Source.Metadata["Side"] == "A" ? t : new Tile(t.Index, t.Source, t.Frame, t.Rect, 1 - t.Label)).ToArray(),
            tiles.Sources, tiles.TileSize, tiles.Stride, tiles.EdgePolicy, tiles.Target, 2);
    }

    private static int LowestValidationEpoch(TrainingOutcome outcome)
    {
        var losses = outcome.Epochs.Select(e => e.ValidationLoss!.Value).ToArray();
        return Array.IndexOf(losses, losses.Min()) + 1;
    }

    [Fact]
    public void Where_validation_worsens_after_an_epoch_that_epochs_weights_are_kept_and_recorded()
    {
        var tiles = Disagreeing();
        using var folder = new TempFolder();
        var options = new TrainingOptions { Epochs = 6, BatchSize = 16, Seed = 7, HoldOutBy = BySide };
        using var best = Train(tiles, options);
        int k = LowestValidationEpoch(best);
        Assert.True(k < 6, $"validation improved until the end ({string.Join(" ", best.Epochs.Select(e => e.ValidationLoss))}); the run tests nothing");

        // A run of k epochs ends where the kept weights are: the same trajectory, stopped there.
        using var shorter = Train(tiles, options with { Epochs = k });
        Assert.Equal(Checkpoint.SaveWeights(shorter.Network), Checkpoint.SaveWeights(best.Network));
        Assert.Equal(6, best.Epochs.Count);
        Assert.Equal(k, best.KeptEpoch);
        Assert.Equal(k, best.Manifest.KeptEpoch);
        Assert.Equal(best.Epochs[k - 1].ValidationLoss, best.Manifest.Metrics["val_loss"]);
        Assert.Equal("metadata 'Side'", best.Manifest.Validation!.By);
        Assert.Equal(tiles.Tiles.Count(t => t.Source.Metadata["Side"] == best.Manifest.Validation.Groups.Single()), best.Manifest.Validation.Tiles);

        string path = folder.File("best.cellmodel");
        best.Save(path);
        using (var package = ModelPackage.Open(path, CellOps.Sdk.SdkVersion.Current))
        {
            Assert.Equal(Checkpoint.SaveWeights(shorter.Network), package.ReadEntry(Checkpoint.WeightsEntry));
            Assert.Equal(k, package.Manifest.KeptEpoch);
            var recorded = package.Manifest.Validation!;
            Assert.Equal(("metadata 'Side'", 0.2, best.Manifest.Validation.Tiles), (recorded.By, recorded.Fraction, recorded.Tiles));
            Assert.Equal(best.Manifest.Validation.Groups, recorded.Groups);
        }
        var trained = TrainedModel.Of(best, path, "CPU");
        Assert.Equal(k, trained.KeptEpoch);
        Assert.Equal(best.Epochs[k - 1].ValidationLoss, trained.ValidationLoss);
        Assert.Equal(best.Epochs[k - 1].ValidationAccuracy, trained.ValidationAccuracy);
        Assert.Equal(best.Manifest.Validation.Groups, trained.HeldOut);

        using var last = Train(tiles, options with { KeepBest = false });
        Assert.Equal(6, last.KeptEpoch);
        Assert.Equal(best.Epochs.Select(e => e.ValidationLoss), last.Epochs.Select(e => e.ValidationLoss));
        Assert.NotEqual(Checkpoint.SaveWeights(best.Network), Checkpoint.SaveWeights(last.Network));
        Assert.Equal(last.Epochs[^1].ValidationLoss, last.Manifest.Metrics["val_loss"]);
    }

    [Fact]
    public void A_resumed_run_keeps_the_same_best_epoch_as_an_uninterrupted_one()
    {
        var tiles = Disagreeing();
        using var folder = new TempFolder();
        var options = new TrainingOptions { Epochs = 6, BatchSize = 16, Seed = 7, HoldOutBy = BySide };
        using var whole = Train(tiles, options);
        int k = LowestValidationEpoch(whole);
        Assert.True(k <= 4, $"the best epoch {k} leaves no room to interrupt after it");

        // Interrupted after the best epoch and one more: the checkpoint must carry the best weights besides its own.
        string checkpoint = folder.File("run.cellmodel");
        using var stop = new CancellationTokenSource();
        using (var interrupted = Train(tiles, options with { CheckpointPath = checkpoint },
                   p => { if (p.Epoch == k + 2 && p.Batch == 2) stop.Cancel(); }, stop.Token))
        {
            Assert.Equal(k + 1, interrupted.CompletedEpochs);
        }
        using (var saved = ModelPackage.Open(checkpoint, CellOps.Sdk.SdkVersion.Current))
        {
            Assert.Contains(Checkpoint.BestWeightsEntry, saved.Manifest.Entries.Keys);
            Assert.Equal(k + 1, saved.Manifest.KeptEpoch);
        }

        using var resumed = Train(tiles, options with { CheckpointPath = checkpoint, Resume = true });
        Assert.Equal(k, resumed.KeptEpoch);
        Assert.Equal(Checkpoint.SaveWeights(whole.Network), Checkpoint.SaveWeights(resumed.Network));
        Assert.Equal(whole.Manifest.Metrics, resumed.Manifest.Metrics);
    }

    [Fact]
    public void A_custom_loop_that_reports_validation_loss_ends_with_its_best_epochs_weights()
    {
        var tiles = BlobTiles.Create();
        TrainingOutcome Run(int epochs) => ModelTrainer.Train(new TrainingRequest
        {
            Plugin = new TinyPlugin(),
            Model = new CustomLoopModel(new[] { 0.5, 0.3, 0.4, 0.6 }),
            Tiles = tiles,
            Options = new TrainingOptions { Epochs = epochs, BatchSize = 16, Seed = 2 },
            Compute = Cpu,
        });
        using var four = Run(4);
        using var two = Run(2);

        Assert.Equal(2, four.KeptEpoch);
        Assert.Equal(0.3, four.Manifest.Metrics["val_loss"]);
        Assert.Equal(Checkpoint.SaveWeights(two.Network), Checkpoint.SaveWeights(four.Network));
    }

    [Fact]
    public void A_saved_package_predicts_what_the_trained_network_predicts()
    {
        var tiles = BlobTiles.Create();
        using var folder = new TempFolder();
        using var outcome = Train(tiles, new TrainingOptions { Epochs = 2, BatchSize = 16, Seed = 4 });
        string path = folder.File("blob.cellmodel");
        outcome.Save(path);

        using var package = ModelPackage.Open(path, CellOps.Sdk.SdkVersion.Current);
        Assert.Equal("Tiny", package.Manifest.PluginId);
        Assert.Equal("1.2.0", package.Manifest.PluginVersion);
        Assert.Equal(2, package.Manifest.EpochMetrics.Count);
        Assert.Equal(tiles.Count, package.Manifest.TrainingTileCount);

        using var loaded = LoadedModel.Load(package, TinyPlugin.Model, Cpu);
        var fromPackage = loaded.Predict(tiles.Tiles, tiles.EdgePolicy, batchSize: 7);
        using var tensorizer = new CellOps.Runtime.Data.TileTensorizer(TinyPlugin.Model.Input, tiles.EdgePolicy);
        var direct = TilePredictor.Predict(outcome.Network, new CellOps.Runtime.Data.BatchSource(tiles.Tiles, tensorizer, 32, Cpu.Device, withLabels: false));
        Assert.Equal(direct.Probabilities.Length, fromPackage.Probabilities.Length);
        for (int i = 0; i < direct.Probabilities.Length; i++) Assert.Equal(direct.Probabilities[i], fromPackage.Probabilities[i], 5);
    }

    [Fact]
    public void A_model_with_its_own_loop_gets_batches_progress_and_checkpoints_from_the_host()
    {
        var tiles = BlobTiles.Create();
        using var folder = new TempFolder();
        string checkpoint = folder.File("custom.cellmodel");
        var model = new CustomLoopModel();
        var reports = new List<CellOps.Sdk.Training.TrainingProgress>();
        using var outcome = ModelTrainer.Train(new TrainingRequest
        {
            Plugin = new TinyPlugin(),
            Model = model,
            Tiles = tiles,
            Options = new TrainingOptions { Epochs = 3, BatchSize = 16, Seed = 2, ValidationFraction = 0, CheckpointPath = checkpoint },
            Compute = Cpu,
            Progress = reports.Add,
        });

        int batches = (tiles.Count + 15) / 16;
        Assert.Equal(3 * batches, model.StepsTaken);
        Assert.Equal(3 * batches, reports.Count);
        Assert.Equal(new[] { 1, 2, 3 }, outcome.Epochs.Select(e => e.Epoch));
        Assert.True(outcome.Epochs[^1].Loss < outcome.Epochs[0].Loss);
        using var package = ModelPackage.Open(checkpoint, CellOps.Sdk.SdkVersion.Current);
        Assert.Equal("CustomBlob", package.Manifest.ModelName);
        Assert.Equal(3, package.Manifest.EpochMetrics.Count);
        // Nothing to judge epochs by: the last one's weights are kept.
        Assert.Equal(3, outcome.KeptEpoch);
        Assert.Equal(3, outcome.Manifest.KeptEpoch);
    }

    [Fact]
    public void Tiles_that_do_not_fit_the_model_are_refused_with_the_reason()
    {
        var tiles = BlobTiles.Create();
        var unlabelled = new TileSet(tiles.Tiles, tiles.Sources, tiles.TileSize, tiles.Stride, tiles.EdgePolicy, TileTarget.None);
        Assert.Contains("-Target Label", Assert.Throws<ArgumentException>(() => Train(unlabelled, new TrainingOptions())).Message);

        var oneClass = new TileSet(tiles.Tiles.Where(t => t.Label == 0).ToArray(), tiles.Sources, tiles.TileSize, tiles.Stride,
            tiles.EdgePolicy, TileTarget.Label, classCount: 2);
        Assert.Contains("at least two classes", Assert.Throws<ArgumentException>(() => Train(oneClass, new TrainingOptions())).Message);

        Assert.Contains("Unknown hyperparameter 'Depth'", Assert.Throws<ArgumentException>(() =>
            Train(tiles, new TrainingOptions { HyperParameters = new Dictionary<string, double> { ["Depth"] = 3 } })).Message);
    }

    private static TileSet Named(TileSet tiles, IReadOnlyList<string> names, Func<int, int>? relabel = null) =>
        new(tiles.Tiles.Select(t => new Tile(t.Index, t.Source, t.Frame, t.Rect, relabel?.Invoke(t.Label) ?? t.Label)).ToArray(),
            tiles.Sources, tiles.TileSize, tiles.Stride, tiles.EdgePolicy, tiles.Target, 2, classNames: names);

    [Fact]
    public void Named_classes_are_matched_to_the_models_by_name_whatever_their_order()
    {
        var tiles = BlobTiles.Create(micrographs: 3);
        var options = new TrainingOptions { Epochs = 1, BatchSize = 16, ValidationFraction = 0, Seed = 2 };
        using var same = Train(Named(tiles, new[] { "empty", "blob" }), options);
        using var swapped = Train(Named(tiles, new[] { "BLOB", "Empty" }, label => 1 - label), options);

        Assert.Equal(new[] { "empty", "blob" }, swapped.Manifest.ClassNames);
        Assert.Equal(same.Manifest.TrainingFingerprint, swapped.Manifest.TrainingFingerprint);
        Assert.Equal(Checkpoint.SaveWeights(same.Network), Checkpoint.SaveWeights(swapped.Network));
    }

    [Fact]
    public void Classes_the_model_does_not_know_are_refused_where_its_head_cannot_be_replaced()
    {
        var tiles = Named(BlobTiles.Create(micrographs: 2), new[] { "empty", "cell" });
        var message = Assert.Throws<ArgumentException>(() => Train(tiles, new TrainingOptions { Epochs = 1 })).Message;
        Assert.Contains("empty, cell", message);
        Assert.Contains("cannot take a head", message);
    }
}
