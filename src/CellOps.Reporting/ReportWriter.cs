using System.Globalization;
using System.Text;
using System.Text.Json;
using CellOps.Imaging.Formats;
using CellOps.Reporting.Figures;
using CellOps.Runtime.Metrics;

namespace CellOps.Reporting;

/// <summary>
/// Writes an evaluation report into a folder: PNG figures (ROC, confusion matrix, training curves,
/// efficiency scatter, efficiency over time) and the numbers behind them as CSV and JSON. Every file is written atomically.
/// </summary>
public static class ReportWriter
{
    /// <summary>Writes the files <see cref="ReportFiles.For"/> names into <paramref name="folder"/> (created if missing).</summary>
    /// <returns>The full paths written.</returns>
    /// <exception cref="IOException">A file could not be written.</exception>
    public static IReadOnlyList<string> Write(EvaluationReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var name in ReportFiles.For(report))
        {
            string path = Path.Combine(folder, name);
            AtomicFile.Write(path, Render(report, name));
            written.Add(Path.GetFullPath(path));
        }
        return written;
    }

    private static byte[] Render(EvaluationReport report, string name) => name switch
    {
        ReportFiles.Metrics => MetricsJson(report),
        ReportFiles.RocPlot => FigureStyle.ToPng(RocFigure.Draw(report.Model, report.RocCurves)),
        ReportFiles.RocTable => Utf8(RocCsv(report)),
        ReportFiles.ConfusionPlot => FigureStyle.ToPng(ConfusionMatrixFigure.Draw(report.Classification!)),
        ReportFiles.ConfusionTable => Utf8(ConfusionCsv(report)),
        ReportFiles.TrainingPlot => FigureStyle.ToPng(TrainingCurvesFigure.Draw(report.Model, report.Epochs)),
        ReportFiles.TrainingTable => TrainingTable.Of(report.Epochs).ToUtf8(),
        ReportFiles.EfficiencyPlot => FigureStyle.ToPng(EfficiencyFigure.Draw(report.Model, report.Micrographs, report.EfficiencyCorrelation, report.AreaCorrelation)),
        ReportFiles.EfficiencyTable => Utf8(EfficiencyCsv(report)),
        ReportFiles.SegmentationTable => Utf8(SegmentationCsv(report)),
        ReportFiles.GroupTable => Utf8(GroupCsv(report)),
        ReportFiles.GroupPlot => FigureStyle.ToPng(GroupFigure.Draw(report.Model, report.GroupedBy, report.Groups)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a report file."),
    };

    // The scores over all micrographs first (micrograph "all"), then each micrograph's.
    private static string SegmentationCsv(EvaluationReport report)
    {
        var csv = new CsvText("micrograph", "class", "iou", "dice", "pixels");
        void Rows(string scope, SegmentationReport scores)
        {
            foreach (var c in scores.PerClass) csv.Row(scope, c.Name, c.Iou, c.Dice, c.Support);
            csv.Row(scope, "mean", scores.MeanIou, scores.MeanDice, scores.Pixels);
        }
        Rows("all", report.Segmentation!);
        foreach (var m in report.Micrographs)
        {
            if (m.Segmentation is { } scores) Rows(m.Micrograph, scores);
        }
        return csv.ToString();
    }

    // One row per group; each class's recall within the group follows the fixed columns, so early
    // prediction shows per class as well as overall.
    private static string GroupCsv(EvaluationReport report)
    {
        var classes = report.Classification?.ClassNames ?? report.Groups.FirstOrDefault(g => g.Evaluation is not null)?.Evaluation!.ClassNames ?? [];
        var header = new List<string> { "group", "micrographs", "tiles", "accuracy", "balanced_accuracy", "f1", "roc_auc",
            "predicted_efficiency", "predicted_efficiency_sd", "predicted_area", "predicted_area_sd",
            "measured_micrographs", "measured_efficiency", "measured_efficiency_sd", "efficiency_r", "area_r" };
        header.AddRange(classes.Select(c => "recall_" + c));
        var csv = new CsvText(header.ToArray());
        foreach (var t in report.Groups)
        {
            var row = new List<object?> { t.Group, t.Micrographs.Count, t.Tiles, t.Evaluation?.Accuracy, t.Evaluation?.BalancedAccuracy,
                t.Evaluation?.F1, t.Evaluation?.RocAuc, t.PredictedEfficiency, t.PredictedEfficiencySd, t.PredictedArea, t.PredictedAreaSd,
                t.MeasuredMicrographs, t.MeasuredEfficiency, t.MeasuredEfficiencySd, t.EfficiencyCorrelation, t.AreaCorrelation };
            // A class absent from the group has no recall there: the cell stays empty rather than 0.
            row.AddRange(classes.Select((_, c) => t.Evaluation is { } e && c < e.PerClass.Count && e.PerClass[c].Support > 0 ? (object?)e.PerClass[c].Recall : null));
            csv.Row(row.ToArray());
        }
        return csv.ToString();
    }

    private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);

    private static string RocCsv(EvaluationReport report)
    {
        var csv = new CsvText("class", "false_positive_rate", "true_positive_rate", "threshold");
        foreach (var c in report.RocCurves)
        {
            for (int i = 0; i < c.Curve.FalsePositiveRate.Count; i++)
                csv.Row(c.Name, c.Curve.FalsePositiveRate[i], c.Curve.TruePositiveRate[i], c.Curve.Thresholds[i]);
        }
        return csv.ToString();
    }

    private static string ConfusionCsv(EvaluationReport report)
    {
        var classification = report.Classification!;
        var csv = new CsvText(["true \\ predicted", .. classification.ClassNames]);
        var matrix = classification.ConfusionMatrix;
        for (int t = 0; t < matrix.Length; t++) csv.Row([classification.ClassNames[t], .. matrix[t].Cast<object?>()]);
        return csv.ToString();
    }

    private static string EfficiencyCsv(EvaluationReport report)
    {
        var csv = new CsvText("micrograph", "tiles", "positive_tiles", "predicted_efficiency", "predicted_area", "mean_positive_probability", "labelled_efficiency", "measured_efficiency", "stain_iou", "stain_dice");
        var stains = report.Stains.GroupBy(s => s.Micrograph, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var m in report.Micrographs)
        {
            var stain = stains.GetValueOrDefault(m.Micrograph);
            csv.Row(m.Micrograph, m.Tiles, m.PositiveTiles, m.PositiveFraction, m.PositiveArea, m.MeanPositiveProbability, m.LabelledPositiveFraction, m.MeasuredEfficiency,
                stain?.Iou, stain?.Dice);
        }
        return csv.ToString();
    }

    private static byte[] MetricsJson(EvaluationReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("model", report.Model);
            json.WriteNumber("micrographs", report.Micrographs.Count);
            if (report.Classification is { } c)
            {
                json.WriteNumber("tiles", c.Count);
                foreach (var (key, value) in c.ToDictionary()) json.WriteNumber(key, value);
                json.WriteStartArray("perClass");
                foreach (var m in c.PerClass)
                {
                    json.WriteStartObject();
                    json.WriteString("class", m.Name);
                    json.WriteNumber("precision", m.Precision);
                    json.WriteNumber("recall", m.Recall);
                    json.WriteNumber("f1", m.F1);
                    json.WriteNumber("support", m.Support);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteStartArray("confusionMatrix");
                foreach (var row in c.ConfusionMatrix)
                {
                    json.WriteStartArray();
                    foreach (int n in row) json.WriteNumberValue(n);
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }
            WriteOptional(json, "efficiencyCorrelation", report.EfficiencyCorrelation);
            WriteOptional(json, "areaCorrelation", report.AreaCorrelation);
            WriteOptional(json, "meanStainIou", report.MeanStainIou);
            if (report.Segmentation is { } segmentation)
            {
                json.WriteStartObject("segmentation");
                json.WriteNumber("meanIou", segmentation.MeanIou);
                json.WriteNumber("meanDice", segmentation.MeanDice);
                json.WriteNumber("pixelAccuracy", segmentation.PixelAccuracy);
                json.WriteNumber("pixels", segmentation.Pixels);
                json.WriteStartArray("perClass");
                foreach (var scores in segmentation.PerClass)
                {
                    json.WriteStartObject();
                    json.WriteString("class", scores.Name);
                    WriteOptional(json, "iou", scores.Iou);
                    WriteOptional(json, "dice", scores.Dice);
                    json.WriteNumber("pixels", scores.Support);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            if (report.Groups.Count > 0)
            {
                json.WriteStartArray("groups");
                foreach (var t in report.Groups)
                {
                    json.WriteStartObject();
                    json.WriteString("group", t.Group);
                    json.WriteNumber("micrographs", t.Micrographs.Count);
                    json.WriteNumber("tiles", t.Tiles);
                    if (t.Evaluation is { } scores)
                    {
                        foreach (var (key, value) in scores.ToDictionary()) json.WriteNumber(key, value);
                    }
                    json.WriteNumber("predictedEfficiency", t.PredictedEfficiency);
                    WriteOptional(json, "predictedEfficiencySd", t.PredictedEfficiencySd);
                    WriteOptional(json, "predictedArea", t.PredictedArea);
                    WriteOptional(json, "predictedAreaSd", t.PredictedAreaSd);
                    json.WriteNumber("measuredMicrographs", t.MeasuredMicrographs);
                    WriteOptional(json, "measuredEfficiency", t.MeasuredEfficiency);
                    WriteOptional(json, "measuredEfficiencySd", t.MeasuredEfficiencySd);
                    WriteOptional(json, "efficiencyCorrelation", t.EfficiencyCorrelation);
                    WriteOptional(json, "areaCorrelation", t.AreaCorrelation);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            if (report.Epochs.Count > 0) json.WriteNumber("epochs", report.Epochs.Count);
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, double? value) => JsonNumbers.Write(json, name, value);
}
