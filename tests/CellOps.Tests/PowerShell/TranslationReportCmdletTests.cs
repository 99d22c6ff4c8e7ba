using System.Text.Json;
using CellOps.Imaging.Formats;
using CellOps.Reporting;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Translation;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using CellOps.Tests.Reporting;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>
/// Export-CellReport given the TranslationResult of an image-translation model, as Invoke-CellModel emits
/// it: here made by the identity network on generated fields, so no training is needed.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TranslationReportCmdletTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();
    private readonly TranslationResult _result;

    public TranslationReportCmdletTests(PowerShellSessionFixture fixture)
    {
        _ps = fixture.Session;
        static float Noisy(float v, Random random) => v + random.Next(-60, 61);
        _result = TranslatedFields.Predict(["DAPI", "MAP2"],
            TranslatedFields.Field("a", 2, cells: 1, seed: 1, Noisy),
            TranslatedFields.Field("b", 2, cells: 4, seed: 2, Noisy));
    }

    public void Dispose() => _data.Dispose();

    private PipelineResult Run(string script, string folder, object? other = null) =>
        _ps.Run(script, new Dictionary<string, object?> { ["result"] = _result, ["out"] = _data.File(folder), ["other"] = other });

    [Fact]
    public void Export_CellReport_writes_a_translation_report_and_passes_its_scores_through()
    {
        var package = TranslatedFields.IdentityPackage(_data, ["DAPI", "MAP2"],
            [new Dictionary<string, double> { ["epoch"] = 1, ["loss"] = 0.3, ["val_loss"] = 0.4 }, new Dictionary<string, double> { ["epoch"] = 2, ["loss"] = 0.2, ["val_loss"] = 0.3 }]);

        var run = Run("$result | Export-CellReport $out -TrainedModel $other -PassThru", "report", package);

        run.AssertNoErrors();
        var report = Assert.Single(run.Objects<CellTranslationReport>());
        Assert.Equal(["metrics.json", "translation.csv", "intensity-DAPI.png", "intensity-MAP2.png", "positive-area-DAPI.png", "positive-area-MAP2.png", "training.png", "training.csv"],
            report.Files.Select(f => f.Name));
        Assert.All(report.Files, f => Assert.True(f.Exists, f.FullName));
        Assert.Equal((2, 2), (report.Micrographs, report.ScoredMicrographs));
        Assert.Equal(_result.ScoresOf("MAP2")!.Pearson, report.ScoresOf("map2")!.Pearson);
        Assert.Equal(_result.ScoresOf("DAPI")!.EfficiencyCorrelation, report.ScoresOf("DAPI")!.EfficiencyCorrelation);
        Assert.StartsWith("DAPI: r 0.9", report.Scores[0].ToString());
        Assert.Equal(3, File.ReadAllLines(_data.File("report/training.csv")).Length);

        // An existing report is kept, untouched, unless -Force is given.
        File.WriteAllText(_data.File("report/metrics.json"), "stale");
        var refused = Run("$result | Export-CellReport $out", "report");
        Assert.Equal("OutputExists", Assert.Single(refused.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("stale", File.ReadAllText(_data.File("report/metrics.json")));
        Run("$result | Export-CellReport $out -Force", "report").AssertNoErrors();
        using (var metrics = JsonDocument.Parse(File.ReadAllBytes(_data.File("report/metrics.json"))))
            Assert.Equal("TinyTranslation.Identity", metrics.RootElement.GetProperty("model").GetString());

        var whatIf = Run("$result | Export-CellReport $out -WhatIf -PassThru", "what-if");
        whatIf.AssertNoErrors();
        Assert.Empty(whatIf.Output);
        Assert.False(Directory.Exists(_data.File("what-if")));
    }

    [Fact]
    public void Other_objects_are_refused_one_by_one_and_two_kinds_of_result_in_one_report_at_once()
    {
        var unsupported = Run("'not a result', $result | Export-CellReport $out", "skipped");
        var error = Assert.Single(unsupported.Errors);
        Assert.Equal("UnsupportedInput", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("not a result", error.TargetObject);
        using (var metrics = JsonDocument.Parse(File.ReadAllBytes(_data.File("skipped/metrics.json"))))
            Assert.Equal(2, metrics.RootElement.GetProperty("scoredMicrographs").GetInt32());

        var prediction = Classification();
        var mixed = Run("$other, $result | Export-CellReport $out", "mixed", prediction);
        Assert.Equal("MixedReportInput", Assert.Single(mixed.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.False(Directory.Exists(_data.File("mixed")));

        // A classifier's results still make the classification report.
        var classic = Run("$other | Export-CellReport $out -PassThru", "classic", prediction);
        classic.AssertNoErrors();
        Assert.Equal("metrics.json", Assert.Single(classic.Objects<CellReport>()).Files[0].Name);
    }

    // The smallest classifier result: one unlabelled tile.
    private static PredictionResult Classification()
    {
        var image = new ArrayPixelSource(new byte[64], 8, 8).ToMicrograph("field.png");
        var tiles = new[] { new Tile(0, image, 0, new PixelRect(0, 0, 8, 8)) };
        return PredictionResult.Create("Tiny.Classifier", tiles, new PredictionOutput([0.2f, 0.8f], 2, [-1], null, 1), ["negative", "positive"]);
    }
}
