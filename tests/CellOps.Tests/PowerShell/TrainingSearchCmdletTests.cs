using CellOps.Runtime.Packaging;
using CellOps.Runtime.Search;
using CellOps.Runtime.Training;
using CellOps.Tests.PluginHost;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>
/// Start-CellTraining -Optimize as users run it: the real Cardiomyocyte plugin on generated fields with
/// its network held tiny, and the test plugin's probe (a categorical and a log-scale hyperparameter)
/// on 4-pixel tiles.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TrainingSearchCmdletTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private const string Tiny = "-HyperParameter @{ Depth = 2; BaseWidth = 8 } -Threads 1";
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();

    public TrainingSearchCmdletTests(PowerShellSessionFixture fixture)
    {
        _ps = fixture.Session;
        TrainingCmdletTests.WriteFields(_data.Path, fields: 6, seed: 17);
        Directory.CreateDirectory(Small);
        WriteSmallFields(Small, fields: 4);
    }

    private string Small => Path.Combine(_data.Path, "small");

    public void Dispose() => _data.Dispose();

    private Dictionary<string, object?> Variables(params (string Name, object Value)[] more) =>
        more.Append(("data", _data.Path)).Append(("small", Small)).Append(("plugins", TestPlugins.Folder("Good")))
            .ToDictionary(v => v.Item1, v => (object?)v.Item2);

    private const string CardiomyocyteTiles =
        "$tiles = Import-Micrograph \"$data/*_phase.png\" -PairWith { $_.FullName -replace '_phase', '_gfp' } | New-TileSet -Size 64 -Target Label -AreaFraction 0.3\n";

    private const string ProbeTiles =
        "$tiles = Import-Micrograph \"$small/*_phase.png\" -PairWith { $_.FullName -replace '_phase', '_gfp' } | New-TileSet -Size 4 -Target Label -AreaFraction 0.5\n";

    private static ModelManifest Manifest(string package)
    {
        using var opened = ModelPackage.Open(package, CellOps.Sdk.SdkVersion.Current);
        return opened.Manifest;
    }

    [Fact]
    public void Optimize_emits_every_trial_marks_the_best_and_writes_its_model_with_the_search_in_the_manifest()
    {
        string package = _data.File("best.cellmodel");
        var result = _ps.Run(CardiomyocyteTiles +
                             $"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Optimize -Trials 3 -Epochs 2 -Seed 5 {Tiny} -OutFile $out",
            Variables(("out", package)));
        result.AssertNoErrors();

        var trials = result.Objects<SearchTrial>();
        Assert.Equal(new[] { 1, 2, 3 }, trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.True(double.IsFinite(t.Score) && t.Score > 0, $"score {t.Score}"));
        Assert.All(trials, t => Assert.Equal((2, 8), (t.HyperParameters.GetInt("Depth"), t.HyperParameters.GetInt("BaseWidth"))));
        Assert.All(trials, t => Assert.Equal(2, t.Epochs));
        Assert.Equal(3, trials.Select(t => t.Searched).Distinct().Count());
        var best = Assert.Single(trials, t => t.IsBest);
        Assert.Equal(trials.Min(t => t.Score), best.Score);

        var trained = Assert.IsType<TrainedModel>(result.Output[^1].BaseObject);
        Assert.Equal(package, trained.Path);
        Assert.True(File.Exists(package));
        Assert.Empty(Directory.GetFiles(_data.Path, "*.tmp"));
        var manifest = Manifest(package);
        Assert.NotNull(manifest.Search);
        Assert.Equal(3, manifest.Search!.PlannedTrials);
        Assert.Equal(best.Number, manifest.Search.BestTrial);
        Assert.Equal(new[] { "Dropout", "LearningRate", "WeightDecay" }, manifest.Search.Searched);
        Assert.Equal(trials.Select(t => t.Score), manifest.Search.Trials.Select(t => t.Score));
        Assert.Equal(best.HyperParameters["Dropout"], manifest.HyperParameters["Dropout"]);
        // The package holds the best trial's kept epoch (its lowest validation loss), which is what its score measures.
        Assert.Equal(best.Score, trained.ValidationLoss);
        Assert.Equal(trained.EpochMetrics.Min(e => e.ValidationLoss), trained.ValidationLoss);
        Assert.Equal(manifest.KeptEpoch, trained.KeptEpoch);
        Assert.Equal(best.Score, trained.Metrics["val_loss"]);
        Assert.Equal(manifest.Metrics, trained.Metrics);

        // One bar for the search, the running trial's epochs beneath it.
        Assert.Contains(result.Progress, p => p.ActivityId == 4 && p.StatusDescription.StartsWith("Trial 3 of 3, best validation loss", StringComparison.Ordinal));
        Assert.Contains(result.Progress, p => p.ParentActivityId == 4 && p.StatusDescription.StartsWith("Epoch 2/2", StringComparison.Ordinal));
    }

    [Fact]
    public void Ctrl_C_keeps_the_completed_trials_and_still_writes_the_best_model_so_far()
    {
        string package = _data.File("stopped.cellmodel");
        var result = _ps.RunAndStop(CardiomyocyteTiles +
                                    $"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Optimize -Trials 10 -Epochs 2 {Tiny} -OutFile $out",
            o => o is SearchTrial, Variables(("out", package)));

        var emitted = result.Objects<SearchTrial>();
        Assert.InRange(emitted.Count, 1, 2);
        Assert.True(File.Exists(package), "the best model so far was not written");
        var search = Manifest(package).Search!;
        Assert.Equal(10, search.PlannedTrials);
        Assert.InRange(search.Trials.Count, emitted.Count, 2);
        Assert.Equal(emitted[0].Score, search.Trials[0].Score);
        Assert.Empty(Directory.GetFiles(_data.Path, "*.tmp"));
    }

    [Fact]
    public void A_search_without_a_validation_split_or_trials_without_Optimize_are_clear_errors()
    {
        var noSplit = _ps.Run(CardiomyocyteTiles +
                              $"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Optimize -Trials 2 -ValidationFraction 0 {Tiny}", Variables());
        var error = Assert.Single(noSplit.Errors);
        Assert.Equal("InvalidSearch", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("validation", error.Exception.Message);
        Assert.Empty(noSplit.Output);

        var noOptimize = _ps.Run(CardiomyocyteTiles + $"$tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Trials 2 {Tiny}", Variables());
        Assert.Equal("TrialsWithoutOptimize", Assert.Single(noOptimize.Errors).FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void A_categorical_hyperparameter_takes_a_choice_by_name_and_the_package_stores_its_index()
    {
        string package = _data.File("probe.cellmodel");
        var result = _ps.Run(ProbeTiles +
                             "$tiles | Start-CellTraining TestGood.Probe -PluginPath $plugins -Epochs 1 -Threads 1 -HyperParameter @{ Head = 'hidden' } -OutFile $out",
            Variables(("out", package)));
        result.AssertNoErrors();
        Assert.Equal(1, Manifest(package).HyperParameters["Head"]);

        var bad = _ps.Run(ProbeTiles + "$tiles | Start-CellTraining TestGood.Probe -PluginPath $plugins -Epochs 1 -HyperParameter @{ Head = 'Deep' }", Variables());
        var error = Assert.Single(bad.Errors);
        Assert.Equal("InvalidHyperParameter", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("Linear, Hidden", error.Exception.Message);
    }

    [Fact]
    public void A_search_covers_categorical_and_log_scale_hyperparameters()
    {
        string package = _data.File("probe-search.cellmodel");
        var result = _ps.Run(ProbeTiles +
                             "$tiles | Start-CellTraining TestGood.Probe -PluginPath $plugins -Optimize -Trials 4 -InitialTrials 2 -Epochs 2 -Threads 1 -OutFile $out",
            Variables(("out", package)));
        result.AssertNoErrors();
        var trials = result.Objects<SearchTrial>();
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.Matches(@"^LearningRate=[0-9.e-]+ Head=(Linear|Hidden)$", t.Searched));
        Assert.All(trials, t => Assert.InRange(t.HyperParameters["LearningRate"], 1e-4, 1e-1));
        var search = Manifest(package).Search!;
        Assert.Equal(new[] { "LearningRate", "Head" }, search.Searched);
        Assert.Equal(2, search.InitialTrials);
    }

    /// <summary>Fields of 4×4 tiles of 4 px in a checkerboard: bright phase and GFP on the positive squares.</summary>
    private static void WriteSmallFields(string folder, int fields)
    {
        var random = new Random(5);
        for (int f = 0; f < fields; f++)
        {
            using var phase = new Mat(16, 16, MatType.CV_8UC1);
            using var gfp = new Mat(16, 16, MatType.CV_8UC1);
            for (int y = 0; y < 16; y++)
            {
                for (int x = 0; x < 16; x++)
                {
                    bool positive = (x / 4 + y / 4 + f) % 2 == 0;
                    phase.Set(y, x, (byte)((positive ? 180 : 70) + random.Next(30)));
                    gfp.Set(y, x, (byte)(positive ? 220 : 15));
                }
            }
            Cv2.ImWrite(Path.Combine(folder, $"small{f}_phase.png"), phase);
            Cv2.ImWrite(Path.Combine(folder, $"small{f}_gfp.png"), gfp);
        }
    }
}
