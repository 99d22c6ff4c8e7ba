using CellOps.Runtime.Packaging;
using CellOps.Runtime.Search;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Sdk.Tiling;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Optimization;

[Collection(TorchCollection.Name)]
public sealed class TrainingSearchTests
{
    private static readonly ComputeContext Cpu = ComputeContext.Create(DevicePreference.Cpu, threads: 1);

    private static TrainingRequest Request(TileSet tiles, TrainingOptions options, CancellationToken cancellation = default) => new()
    {
        Plugin = new TinyPlugin(),
        Model = TinyPlugin.Model,
        Tiles = tiles,
        Options = options,
        Compute = Cpu,
        Cancellation = cancellation,
    };

    [Fact]
    public void The_same_seed_gives_the_same_trials_and_fixed_values_are_not_searched()
    {
        var tiles = BlobTiles.Create();
        var options = new TrainingOptions { Epochs = 1, BatchSize = 16, Seed = 4, HyperParameters = new Dictionary<string, double> { ["Width"] = 8 } };
        (string, double)[] Run()
        {
            using var search = new TrainingSearch(Request(tiles, options), trials: 3);
            Assert.Equal(new[] { "LearningRate" }, search.Space.Dimensions.Select(d => d.Parameter.Name));
            Assert.Equal(1, search.InitialTrials);
            while (search.RunNext() is not null) { }
            Assert.True(search.IsFinished);
            Assert.All(search.Trials, t => Assert.Equal(8, t.HyperParameters.GetInt("Width")));
            Assert.Same(search.Best, Assert.Single(search.Trials, t => t.IsBest));
            return search.Trials.Select(t => (t.Searched, t.Score)).ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void The_best_package_records_the_search_and_reads_back()
    {
        var tiles = BlobTiles.Create();
        using var folder = new TempFolder();
        using var search = new TrainingSearch(Request(tiles, new TrainingOptions { Epochs = 1, BatchSize = 16 }), trials: 2, initialTrials: 2);
        Assert.NotNull(search.RunNext());
        Assert.NotNull(search.RunNext());
        Assert.Null(search.RunNext());

        string path = folder.File("best.cellmodel");
        search.SaveBest(path);
        using var package = ModelPackage.Open(path, CellOps.Sdk.SdkVersion.Current);
        var recorded = package.Manifest.Search!;
        Assert.Equal(TrainingSearch.ScoreName, recorded.Score);
        Assert.Equal(new[] { "Width", "LearningRate" }, recorded.Searched);
        Assert.Equal(search.Best!.Number, recorded.BestTrial);
        Assert.Equal(search.Trials.Select(t => t.HyperParameters["LearningRate"]), recorded.Trials.Select(t => t.HyperParameters["LearningRate"]));
        Assert.Equal(search.Best.HyperParameters["Width"], package.Manifest.HyperParameters["Width"]);
    }

    [Fact]
    public void A_cancelled_search_runs_no_more_trials_and_keeps_the_completed_ones()
    {
        var tiles = BlobTiles.Create();
        using var stop = new CancellationTokenSource();
        using var search = new TrainingSearch(Request(tiles, new TrainingOptions { Epochs = 1, BatchSize = 16 }, stop.Token), trials: 5);
        Assert.NotNull(search.RunNext());
        stop.Cancel();
        Assert.Null(search.RunNext());
        Assert.True(search.Stopped);
        Assert.Single(search.Trials);
        Assert.NotNull(search.BestOutcome);
    }

    [Fact]
    public void A_trial_is_scored_by_the_epoch_whose_weights_it_keeps()
    {
        // Trial 1's validation loss dips below anything trial 2 reaches, then ends above it.
        double[][] losses = [[0.5, 0.1, 0.9], [0.6, 0.6, 0.6]];
        SearchTrial[] Search(bool keepBest, out int kept)
        {
            var model = new ScriptedLossModel(losses);
            using var search = new TrainingSearch(Request(BlobTiles.Create(), new TrainingOptions { Epochs = 3, BatchSize = 16, KeepBest = keepBest }) with { Model = model },
                trials: 2, initialTrials: 2);
            while (search.RunNext() is not null) { }
            Assert.Equal(search.Best!.Score, search.BestOutcome!.Kept!.ValidationLoss);
            Assert.Equal(search.Best.Score, search.BestOutcome.Manifest.Metrics["val_loss"]);
            kept = search.BestOutcome.KeptEpoch;
            return search.Trials.ToArray();
        }

        // Kept best: trial 1 keeps epoch 2, the lowest loss of all.
        var best = Search(keepBest: true, out int keptBest);
        Assert.Equal(new[] { 0.1, 0.6 }, best.Select(t => t.Score));
        Assert.True(best[0].IsBest);
        Assert.Equal(2, keptBest);

        // Kept last: trial 1 keeps its worse last epoch, and trial 2 wins.
        var last = Search(keepBest: false, out int keptLast);
        Assert.Equal(new[] { 0.9, 0.6 }, last.Select(t => t.Score));
        Assert.True(last[1].IsBest);
        Assert.Equal(3, keptLast);
    }

    /// <summary>A model whose training reports the validation losses it is given, one list per run, so a search's scoring can be checked exactly.</summary>
    private sealed class ScriptedLossModel : CellOps.Sdk.Models.ICustomTrainingModel
    {
        private readonly double[][] _runs;
        private int _run;

        public ScriptedLossModel(params double[][] runs) => _runs = runs;

        public string Name => "Scripted";
        public string Description => "Reports scripted validation losses.";
        public CellOps.Sdk.Models.ModelTask Task => CellOps.Sdk.Models.ModelTask.TileClassification;
        public CellOps.Sdk.Models.InputSpec Input => TinyPlugin.Model.Input;
        public TileTarget Target => TileTarget.Label;
        public IReadOnlyList<string> ClassNames => TinyPlugin.Model.ClassNames;
        public IReadOnlyList<CellOps.Sdk.Models.HyperParameter> HyperParameters => TinyPlugin.Model.HyperParameters;

        public TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> CreateNetwork(CellOps.Sdk.Models.HyperParameterValues hyperParameters) =>
            TinyPlugin.Model.CreateNetwork(hyperParameters);

        public void Train(TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> network, CellOps.Sdk.Training.ITrainingContext context)
        {
            var losses = _runs[_run++];
            for (int epoch = context.StartEpoch; epoch <= context.Epochs; epoch++)
            {
                if (!context.EndEpoch(epoch, new Dictionary<string, double> { ["loss"] = 1, ["val_loss"] = losses[epoch - 1] })) break;
            }
        }
    }

    [Fact]
    public void A_search_needs_a_validation_split_and_something_to_search()
    {
        var tiles = BlobTiles.Create();
        Assert.Contains("validation", Assert.Throws<ArgumentException>(() =>
            new TrainingSearch(Request(tiles, new TrainingOptions { ValidationFraction = 0 }), 3)).Message);
        var fixedAll = new TrainingOptions { LearningRate = 0.01, HyperParameters = new Dictionary<string, double> { ["Width"] = 8 } };
        Assert.Contains("nothing to search", Assert.Throws<ArgumentException>(() => new TrainingSearch(Request(tiles, fixedAll), 3)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new TrainingSearch(Request(tiles, new TrainingOptions { HyperParameters = new Dictionary<string, double> { ["Width"] = 99 } }), 3));
    }
}
