using System.IO.Compression;
using System.Text.Json;
using CellOps.Runtime.Packaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Packaging;

public sealed class ModelPackageSearchTests
{
    private static JsonElement ManifestJson(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var stream = zip.GetEntry("manifest.json")!.Open();
        return JsonDocument.Parse(stream).RootElement.Clone();
    }

    [Fact]
    public void A_search_round_trips_with_a_diverged_trial_and_a_plain_manifest_has_no_search_key()
    {
        using var temp = new TempFolder();
        var search = new SearchSummary
        {
            Method = "bayesian",
            Score = "val_loss",
            PlannedTrials = 4,
            InitialTrials = 2,
            Searched = ["LearningRate"],
            BestTrial = 1,
            Trials =
            [
                new SearchTrialSummary { Number = 1, Score = 0.25, HyperParameters = new Dictionary<string, double> { ["LearningRate"] = 0.01 }, Epochs = 3, Seconds = 1.5 },
                new SearchTrialSummary { Number = 2, Score = double.PositiveInfinity, HyperParameters = new Dictionary<string, double> { ["LearningRate"] = 0.1 } },
            ],
        };
        var path = PackageSamples.Write(temp.Path, PackageSamples.Manifest().WithSearch(search), "searched.cellmodel");
        using (var package = ModelPackage.Open(path, PackageSamples.Host))
        {
            var read = package.Manifest.Search!;
            Assert.Equal((4, 2, 1), (read.PlannedTrials, read.InitialTrials, read.BestTrial));
            Assert.Equal(new[] { 0.25, double.PositiveInfinity }, read.Trials.Select(t => t.Score));
            Assert.Equal(0.01, read.Trials[0].HyperParameters["LearningRate"]);
        }
        Assert.Equal(2, ManifestJson(path).GetProperty("search").GetProperty("trials").GetArrayLength());

        var plain = PackageSamples.Write(temp.Path, name: "plain.cellmodel");
        Assert.False(ManifestJson(plain).TryGetProperty("search", out _));
        using var opened = ModelPackage.Open(plain, PackageSamples.Host);
        Assert.Null(opened.Manifest.Search);
    }
}
