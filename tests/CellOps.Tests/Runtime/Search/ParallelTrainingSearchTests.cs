using CellOps.Imaging.Formats;
using CellOps.Runtime.Data;
using CellOps.Runtime.Jobs;
using CellOps.Runtime.Optimization;
using CellOps.Runtime.Search;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Search;

/// <summary>
/// The lead's side of a parallel search over a scheduler that runs nothing: the test plays the trials' tasks, writing
/// their reports and results as a task would, and checks which trials the search submits, observes and withdraws.
/// </summary>
public sealed class ParallelTrainingSearchTests : IDisposable
{
    private static readonly HyperParameter[] Declared =
    [
        new("Dropout", HyperParameterKind.Real, 0, 0.5, 0.1, ""),
        new("LearningRate", HyperParameterKind.LogReal, 1e-4, 1e-1, 1e-3, ""),
        new("Depth", HyperParameterKind.Integer, 2, 6, 4, ""),
    ];

    private readonly TempFolder _temp = new();
    private readonly FakeBackend _backend = new();
    private readonly string _folder;
    private readonly BayesianOptimizer _optimizer;

    public ParallelTrainingSearchTests()
    {
        _folder = _temp.File("search");
        JobControl.CreateSearch(_folder, "Local", "Cardiomyocyte.TileClassifier", new Dictionary<string, string> { ["Epochs"] = "2" },
            SmallTiles(), new JobResources(MaxParallel: 2), new JobLauncher("/usr/bin/pwsh", [], "/m/CellOps.psd1"));
        _optimizer = new BayesianOptimizer(new SearchSpace(Declared.Take(2)), initialTrials: 2, seed: 3);
    }

    public void Dispose() => _temp.Dispose();

    // A scheduler that runs nothing: it holds every task it was given until the test reports it.
    private sealed class FakeBackend : IJobBackend
    {
        public List<int[]> Submitted { get; } = [];
        public HashSet<int> Holding { get; } = [];
        public bool Cancelled { get; private set; }
        public string Name => "Local";

        public string Submit(string folder, JobManifest job, IReadOnlyList<int> tasks)
        {
            Submitted.Add(tasks.ToArray());
            Holding.UnionWith(tasks);
            return "local:" + Submitted.Count;
        }

        public IReadOnlyDictionary<int, JobTaskState> Held(string folder, JobManifest job) => Holding.ToDictionary(t => t, _ => JobTaskState.Running);

        public void Cancel(string folder, JobManifest job)
        {
            Cancelled = true;
            Holding.Clear();
        }
    }

    private ParallelTrainingSearch NewSearch(int trials, int parallel) =>
        new(_optimizer, "Cardiomyocyte.TileClassifier", Declared, new Dictionary<string, double> { ["Depth"] = 2 }, trials, parallel, _folder, _backend);

    // What a trial task saves when training ends; a null loss is a diverged training.
    private void Complete(int index, double? loss)
    {
        var job = JobFolder.Load(_folder);
        JobFolder.WriteTrialResult(_folder, index, new TrialResult { ValidationLoss = loss, Epochs = 2, Package = JobFolder.Package(_folder, index), Seconds = 1.5 });
        JobFolder.WriteReport(_folder, index, new TaskReport { Attempt = job.Tasks[index].Attempts, State = JobTaskState.Done });
        _backend.Holding.Remove(index);
    }

    private void Fail(int index, string message)
    {
        var job = JobFolder.Load(_folder);
        File.WriteAllText(JobFolder.Log(_folder, index), "loading tiles\nout of memory in trial\n");
        JobFolder.WriteReport(_folder, index, new TaskReport { Attempt = job.Tasks[index].Attempts, State = JobTaskState.Failed, Message = message });
        _backend.Holding.Remove(index);
    }

    private IReadOnlyDictionary<string, double> Searched(int index) =>
        JobFolder.Load(_folder).Tasks[index].HyperParameters!.Where(p => p.Key != "Depth").ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Keeps_K_trials_running_and_fills_a_slot_as_soon_as_it_frees_with_the_running_ones_pending()
    {
        var search = NewSearch(trials: 5, parallel: 2);
        var first = search.Step();
        Assert.Equal([1, 2], first.Started);
        Assert.Equal([[0, 1]], _backend.Submitted);
        Assert.Equal(2, _optimizer.Pending.Count);
        // Every trial carries the fixed values beside its proposal.
        Assert.All(JobFolder.Load(_folder).Tasks, t => Assert.Equal(2, t.HyperParameters!["Depth"]));

        Assert.Empty(search.Step().Started);

        Complete(0, 0.5);
        var second = search.Step();
        Assert.Equal(1, Assert.Single(second.Completed).Number);
        Assert.Equal([3], second.Started);
        Assert.Equal([2], _backend.Submitted[^1]);
        // Trial 2 still runs: its values stay pending (a lie for the surrogate) while trial 3 is proposed away from them.
        Assert.Single(_optimizer.Observations);
        Assert.Equal(2, _optimizer.Pending.Count);
        Assert.Contains(_optimizer.Pending, p => p["Dropout"] == Searched(1)["Dropout"]);
        Assert.NotEqual(Searched(1)["Dropout"], Searched(2)["Dropout"]);

        Complete(1, 0.3);
        Complete(2, 0.4);
        var third = search.Step();
        Assert.Equal([2, 3], third.Completed.Select(t => t.Number));
        Assert.Equal([4, 5], third.Started);
        Assert.Equal(5, search.Launched);

        Complete(3, null);
        Complete(4, 0.6);
        var last = search.Step();
        Assert.Empty(last.Started);
        Assert.True(search.IsFinished);
        Assert.Equal(5, _optimizer.Observations.Count);
        Assert.Empty(_optimizer.Pending);
        Assert.True(double.IsPositiveInfinity(search.Trials.Single(t => t.Number == 4).Score));
        Assert.Equal(2, search.Best!.Number);
        Assert.Single(search.Trials, t => t.IsBest);
        Assert.Equal(JobFolder.Package(_folder, 1), search.Best.Package);
        Assert.Equal(2, search.Best.HyperParameters.GetInt("Depth"));
        Assert.Equal([2, 3, 4, 5], search.Summary(2).Trials.Select(t => t.Number).Skip(1));
        Assert.Contains("CL-min", search.Summary(2).Method);
    }

    [Fact]
    public void A_failed_trial_is_reported_with_its_log_withdrawn_and_the_search_goes_on()
    {
        var search = NewSearch(trials: 3, parallel: 2);
        search.Step();
        var failedValues = Searched(0);
        Fail(0, "Start-CellTraining: out of memory");
        var step = search.Step();
        var failure = Assert.Single(step.Failed);
        Assert.Equal(1, failure.Number);
        Assert.Equal("Start-CellTraining: out of memory", failure.Message);
        Assert.Contains("out of memory in trial", failure.LogTail);
        Assert.Equal(JobFolder.Log(_folder, 0), failure.Log);
        Assert.DoesNotContain(_optimizer.Pending, p => p["Dropout"] == failedValues["Dropout"]);
        Assert.Empty(_optimizer.Observations);
        Assert.Equal([3], step.Started);

        Complete(1, 0.2);
        Complete(2, 0.1);
        search.Step();
        Assert.True(search.IsFinished);
        Assert.Equal([2, 3], search.Trials.Select(t => t.Number));
        Assert.Equal(3, search.Best!.Number);
        Assert.Single(search.Failures);
    }

    [Fact]
    public void Cancel_stops_the_running_tasks_and_withdraws_their_values()
    {
        var search = NewSearch(trials: 4, parallel: 2);
        search.Step();
        Complete(0, 0.4);
        search.Step();
        search.Cancel();
        Assert.True(_backend.Cancelled);
        Assert.True(search.Stopped);
        Assert.True(search.IsFinished);
        Assert.Empty(_optimizer.Pending);
        Assert.NotNull(JobFolder.Load(_folder).Cancelled);
        Assert.Empty(search.Step().Started);
        Assert.Equal(1, search.Best!.Number);
    }

    [Fact]
    public void A_tile_set_file_gives_back_the_tiles_targets_and_pixels_of_the_sources_and_their_pairs()
    {
        var tiles = SmallTiles();
        string path = _temp.File("tiles.celltiles");
        TileSetFile.Write(path, tiles);
        var read = TileSetFile.Read(path);

        Assert.Equal(tiles.Count, read.Count);
        Assert.Equal(tiles.Tiles.Select(t => (t.Rect, t.Label, t.PositiveFraction, t.Source.Name)), read.Tiles.Select(t => (t.Rect, t.Label, t.PositiveFraction, t.Source.Name)));
        Assert.Equal((tiles.TileSize, tiles.Stride, tiles.Target, tiles.ClassCount), (read.TileSize, read.Stride, read.Target, read.ClassCount));
        Assert.Equal(tiles.ClassNames, read.ClassNames);
        Assert.Equal("A1", read.Sources[1].Metadata["Well"]);
        for (int i = 0; i < tiles.Count; i++)
        {
            Assert.Equal(Pixels(tiles.Tiles[i].Source, tiles.Tiles[i].Rect), Pixels(read.Tiles[i].Source, read.Tiles[i].Rect));
            Assert.Equal(Pixels(tiles.Tiles[i].Source.Pair!, tiles.Tiles[i].Rect), Pixels(read.Tiles[i].Source.Pair!, read.Tiles[i].Rect));
        }
        Assert.Same(read.Sources[0], read.Tiles[0].Source);

        File.WriteAllBytes(path, "CELLTILE\u0004\0\0\0{}"u8.ToArray());
        Assert.Throws<InvalidDataException>(() => TileSetFile.Read(path));
    }

    private static byte[] Pixels(Micrograph micrograph, PixelRect rect)
    {
        using var pixels = micrograph.OpenPixels();
        var bytes = new byte[pixels.RegionByteCount(rect)];
        pixels.ReadRegion(0, rect, bytes);
        return bytes;
    }

    // Two 8×8 fields of 16-bit samples, each with an 8-bit pair, cut into four 4×4 tiles each.
    private static TileSet SmallTiles()
    {
        var sources = new List<Micrograph>();
        var tiles = new List<Tile>();
        for (int m = 0; m < 2; m++)
        {
            var samples = Enumerable.Range(0, 64).Select(i => (ushort)(i * 300 + m)).ToArray();
            var pair = new ArrayPixelSource(Enumerable.Range(0, 64).Select(i => (byte)((i + m) % 2)).ToArray(), 8, 8).ToMicrograph($"gfp{m}", ChannelRole.Fluorescence);
            var field = new ArrayPixelSource(samples, 8, 8).ToMicrograph($"field{m}", ChannelRole.PhaseContrast)
                .WithMetadata([new KeyValuePair<string, string>("Well", m == 0 ? "B2" : "A1")]).WithPair(pair);
            sources.Add(field);
            for (int t = 0; t < 4; t++) tiles.Add(new Tile(tiles.Count, field, 0, new PixelRect(t % 2 * 4, t / 2 * 4, 4, 4), label: t % 2, positiveFraction: t * 0.25));
        }
        return new TileSet(tiles, sources, 4, 4, EdgePolicy.Drop, TileTarget.Label, classCount: 2, classNames: ["negative", "positive"]);
    }
}
