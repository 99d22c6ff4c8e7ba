using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CellOps.Reporting;
using CellOps.Reporting.Figures;
using CellOps.Runtime.Training;
using CellOps.Runtime.Translation;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using SkiaSharp;
using Xunit;

namespace CellOps.Tests.Reporting;

[Collection(TorchCollection.Name)]
public sealed class TranslationReportTests
{
    private static readonly string[] Stains = ["DAPI", "MAP2"];

    // The truth is the input plus noise of ±60 counts: close, not exact.
    private static float Noisy(float value, Random random) => value + random.Next(-60, 61);

    private static TranslationResult ThreeFields() => TranslatedFields.Predict(Stains,
        TranslatedFields.Field("a", 2, cells: 1, seed: 1, Noisy),
        TranslatedFields.Field("b", 2, cells: 3, seed: 2, Noisy),
        TranslatedFields.Field("c", 2, cells: 6, seed: 3, Noisy));

    [Fact]
    public void A_translation_report_has_the_scores_per_field_and_pooled_and_two_figures_per_channel()
    {
        var result = ThreeFields();
        using var folder = new TempFolder();
        var report = TranslationReport.Create([result]);

        var written = TranslationReportWriter.Write(report, folder.Path);

        Assert.Equal(["metrics.json", "translation.csv", "intensity-DAPI.png", "intensity-MAP2.png", "positive-area-DAPI.png", "positive-area-MAP2.png"],
            written.Select(Path.GetFileName));
        Assert.Equal(written.Select(Path.GetFileName), ReportFiles.For(report));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
        foreach (var png in written.Where(p => p.EndsWith(".png", StringComparison.Ordinal))) Decode(File.ReadAllBytes(png)).Dispose();

        var rows = Csv(folder.File("translation.csv"));
        Assert.Equal("micrograph,channel,pixels,pearson,ssim,psnr,mae,dice,iou,precision,recall,truth_positive_fraction,predicted_positive_fraction,truth_threshold,prediction_threshold",
            string.Join(',', rows[0]));
        Assert.Equal(1 + 2 + 3 * 2, rows.Length);
        for (int c = 0; c < 2; c++)
        {
            // The pooled rows come first, without thresholds (each field has its own).
            var pooled = result.Scores![c];
            var row = rows[1 + c];
            Assert.Equal(["all", Stains[c], "3840"], row[..3]); // three fields of 40×32
            Assert.Equal(pooled.Pearson!.Value, Number(row[3]));
            Assert.Equal(pooled.Ssim!.Value, Number(row[4]));
            Assert.Equal(pooled.Psnr!.Value, Number(row[5]));
            Assert.Equal(pooled.MeanAbsoluteError, Number(row[6]));
            Assert.Equal(pooled.Dice!.Value, Number(row[7]));
            Assert.Equal(["", ""], row[13..]);
        }
        var b = result.Micrographs[1].Scores![1];
        var fieldRow = rows.Single(r => r[0] == "b" && r[1] == "MAP2");
        Assert.Equal(b.Iou!.Value, Number(fieldRow[8]));
        Assert.Equal(b.TruthPositiveFraction, Number(fieldRow[11]));
        Assert.Equal(b.PredictedPositiveFraction, Number(fieldRow[12]));
        Assert.Equal(b.TruthThreshold, Number(fieldRow[13]));

        using var metrics = JsonDocument.Parse(File.ReadAllBytes(folder.File("metrics.json")));
        var root = metrics.RootElement;
        Assert.Equal(TranslatedFields.Model, root.GetProperty("model").GetString());
        Assert.Equal(3, root.GetProperty("scoredMicrographs").GetInt32());
        var map2 = root.GetProperty("scores")[1];
        Assert.Equal("MAP2", map2.GetProperty("channel").GetString());
        Assert.Equal(result.Scores![1].EfficiencyCorrelation!.Value, map2.GetProperty("efficiencyCorrelation").GetDouble());
        Assert.Equal(result.Scores![1].Pearson!.Value, map2.GetProperty("pearson").GetDouble());
        Assert.Equal(["a", "b", "c"], map2.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("micrograph").GetString()));
        Assert.Equal(b.PredictedPositiveFraction, map2.GetProperty("fields")[1].GetProperty("predictedPositiveFraction").GetDouble());
    }

    [Fact]
    public void A_perfect_prediction_has_an_infinite_PSNR_written_as_inf_in_the_table_and_Infinity_in_the_JSON()
    {
        var result = TranslatedFields.Predict(["DAPI"],
            TranslatedFields.Field("a", 1, cells: 2, seed: 1, (v, _) => v),
            TranslatedFields.Field("b", 1, cells: 4, seed: 2, (v, _) => v));
        Assert.Equal(double.PositiveInfinity, result.Scores![0].Psnr);
        using var folder = new TempFolder();

        TranslationReportWriter.Write(TranslationReport.Create([result]), folder.Path);

        Assert.All(Csv(folder.File("translation.csv"))[1..], row => Assert.Equal("inf", row[5]));
        var bytes = File.ReadAllBytes(folder.File("metrics.json"));
        using var metrics = JsonDocument.Parse(bytes);
        Assert.Equal("Infinity", metrics.RootElement.GetProperty("scores")[0].GetProperty("psnr").GetString());
        // As .NET reads numbers that JSON cannot hold.
        var read = JsonSerializer.Deserialize<ChannelNumbers>(metrics.RootElement.GetProperty("scores")[0].GetRawText(),
            new JsonSerializerOptions { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, PropertyNameCaseInsensitive = true })!;
        Assert.Equal(double.PositiveInfinity, read.Psnr);
        Assert.Equal(1.0, read.Pearson!.Value, 12);
    }

    private sealed record ChannelNumbers(double? Psnr, double? Pearson);

    [Fact]
    public void Only_scored_fields_count_and_one_scored_field_draws_no_positive_area_figure()
    {
        var result = TranslatedFields.Predict(["DAPI"],
            TranslatedFields.Field("paired", 1, cells: 2, seed: 1, Noisy),
            TranslatedFields.Field("unpaired", 1, cells: 4, seed: 2, truth: null));
        var report = TranslationReport.Create([result]);
        Assert.Equal(2, report.Micrographs.Count);
        Assert.Equal(["paired"], report.Scored.Select(m => m.Source.Name));
        Assert.Equal(["metrics.json", "translation.csv", "intensity-DAPI.png"], ReportFiles.For(report));
        Assert.Null(report.Scores![0].EfficiencyCorrelation);

        using var folder = new TempFolder();
        TranslationReportWriter.Write(report, folder.Path);
        Assert.Equal(["all", "paired"], Csv(folder.File("translation.csv"))[1..].Select(r => r[0]));

        // No field with a pair: nothing to score, and the numbers say so.
        var unscored = TranslationReport.Create([TranslatedFields.Predict(["DAPI"], TranslatedFields.Field("unpaired", 1, cells: 2, seed: 1, truth: null))]);
        Assert.Equal(["metrics.json"], ReportFiles.For(unscored));
        TranslationReportWriter.Write(unscored, folder.Path);
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(folder.File("metrics.json")));
        Assert.Equal(JsonValueKind.Null, metrics.RootElement.GetProperty("scores").ValueKind);
        Assert.Equal(0, metrics.RootElement.GetProperty("scoredMicrographs").GetInt32());
    }

    [Fact]
    public void Several_results_of_one_model_pool_as_one_and_others_are_refused()
    {
        var fields = new[]
        {
            TranslatedFields.Field("a", 2, cells: 1, seed: 1, Noisy),
            TranslatedFields.Field("b", 2, cells: 3, seed: 2, Noisy),
            TranslatedFields.Field("c", 2, cells: 6, seed: 3, Noisy),
        };
        var whole = TranslatedFields.Predict(Stains, fields);
        var parts = new[] { TranslatedFields.Predict(Stains, fields[0]), TranslatedFields.Predict(Stains, fields[1], fields[2]) };

        var merged = TranslationReport.Create(parts);

        Assert.Equal(3, merged.Scored.Count);
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(whole.Scores![c].Pearson!.Value, merged.Scores![c].Pearson!.Value, 12);
            Assert.Equal(whole.Scores![c].EfficiencyCorrelation!.Value, merged.Scores![c].EfficiencyCorrelation!.Value, 12);
            Assert.Equal(whole.Scores![c].Dice, merged.Scores![c].Dice);
        }
        var otherChannels = TranslatedFields.Predict(["DAPI", "GFP"], fields[0]);
        Assert.Contains("DAPI, GFP", Assert.Throws<ArgumentException>(() => TranslationReport.Create([whole, otherChannels])).Message);
        var otherModel = new TranslationResult("Other.Model", whole.Micrographs, complete: true);
        Assert.Contains("Other.Model", Assert.Throws<ArgumentException>(() => TranslationReport.Create([whole, otherModel])).Message);
        Assert.Throws<ArgumentException>(() => TranslationReport.Create([]));
    }

    [Fact]
    public void The_training_run_is_drawn_and_tabled_and_a_rewrite_replaces_every_file()
    {
        var result = ThreeFields();
        var epochs = new[]
        {
            new EpochRecord(1, 0.30, 0.35, null, null, null, 1.5),
            new EpochRecord(2, 0.20, 0.28, null, null, null, 1.4),
            new EpochRecord(3, double.NaN, null, null, null, null, 1.4),
        };
        var report = TranslationReport.Create([result], epochs);
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("training.csv"), "stale");

        var written = TranslationReportWriter.Write(report, folder.Path);

        Assert.Equal(["training.png", "training.csv"], written.Skip(written.Count - 2).Select(Path.GetFileName));
        Decode(File.ReadAllBytes(folder.File("training.png"))).Dispose();
        var training = Csv(folder.File("training.csv"));
        Assert.Equal(4, training.Length);
        Assert.Equal(["3", "", ""], training[3][..3]);
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(folder.File("metrics.json")));
        Assert.Equal(3, metrics.RootElement.GetProperty("epochs").GetInt32());
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(folder.Path, ".*"));
    }

    [Fact]
    public void Channel_names_become_safe_distinct_file_names()
    {
        var result = TranslatedFields.Predict(["GFP/RFP", "gfp_rfp", ""],
            TranslatedFields.Field("a", 3, cells: 2, seed: 1, Noisy));
        var report = TranslationReport.Create([result]);

        Assert.Equal(["metrics.json", "translation.csv", "intensity-GFP_RFP.png", "intensity-gfp_rfp-1.png", "intensity-channel.png"], ReportFiles.For(report));
    }

    private static string[][] Csv(string path) =>
        File.ReadAllText(path).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(',')).ToArray();

    private static double Number(string cell) => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static SKBitmap Decode(byte[] png)
    {
        var image = SKBitmap.Decode(png);
        Assert.NotNull(image);
        Assert.Equal((FigureStyle.Width, FigureStyle.Height), (image.Width, image.Height));
        return image;
    }
}
