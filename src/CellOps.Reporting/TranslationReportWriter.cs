using System.Text.Json;
using CellOps.Imaging.Formats;
using CellOps.Reporting.Figures;
using CellOps.Runtime.Metrics;

namespace CellOps.Reporting;

/// <summary>
/// Writes the report of an image-translation model into a folder: per channel the intensity scatter of
/// predicted against true pixels and the positive area per field, the scores as CSV (per micrograph and
/// pooled) and JSON, and the training curves. Every file is written atomically.
/// </summary>
public static class TranslationReportWriter
{
    /// <summary>Writes the files <see cref="ReportFiles.For(TranslationReport)"/> names into <paramref name="folder"/> (created if missing).</summary>
    /// <returns>The full paths written.</returns>
    /// <exception cref="IOException">A file could not be written.</exception>
    public static IReadOnlyList<string> Write(TranslationReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var renderers = Renderers(report);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var name in ReportFiles.For(report))
        {
            string path = Path.Combine(folder, name);
            AtomicFile.Write(path, renderers[name]());
            written.Add(Path.GetFullPath(path));
        }
        return written;
    }

    // How to draw every file the report could have; ReportFiles.For decides which it has.
    private static Dictionary<string, Func<byte[]>> Renderers(TranslationReport report)
    {
        var renderers = new Dictionary<string, Func<byte[]>>(StringComparer.Ordinal)
        {
            [ReportFiles.Metrics] = () => MetricsJson(report),
            [ReportFiles.TranslationTable] = () => ScoresCsv(report).ToUtf8(),
            [ReportFiles.TrainingPlot] = () => FigureStyle.ToPng(TrainingCurvesFigure.Draw(report.Model, report.Epochs)),
            [ReportFiles.TrainingTable] = () => TrainingTable.Of(report.Epochs).ToUtf8(),
        };
        for (int c = 0; c < report.Channels.Count; c++)
        {
            int channel = c;
            string name = report.Channels[c];
            renderers[ReportFiles.IntensityPlot(report, c)] = () =>
            {
                var pooled = report.Scores![channel];
                return FigureStyle.ToPng(IntensityScatterFigure.Draw(report.Model, name, pooled.Sample, pooled.Pearson));
            };
            renderers[ReportFiles.PositiveAreaPlot(report, c)] = () =>
            {
                var fields = report.Scored.Select(m => m.Scores![channel]).ToArray();
                return FigureStyle.ToPng(PositiveAreaFigure.Draw(report.Model, name, fields.Select(f => f.TruthPositiveFraction).ToArray(),
                    fields.Select(f => f.PredictedPositiveFraction).ToArray(), report.Scores![channel].EfficiencyCorrelation));
            };
        }
        return renderers;
    }

    // The pooled scores first (micrograph "all"; each field was binarized at its own thresholds, so they have none), then each field's.
    private static CsvText ScoresCsv(TranslationReport report)
    {
        var csv = new CsvText("micrograph", "channel", "pixels", "pearson", "ssim", "psnr", "mae", "dice", "iou", "precision", "recall",
            "truth_positive_fraction", "predicted_positive_fraction", "truth_threshold", "prediction_threshold");
        for (int c = 0; c < report.Channels.Count; c++)
        {
            var s = report.Scores![c];
            csv.Row("all", report.Channels[c], s.Pixels, s.Pearson, s.Ssim, s.Psnr, s.MeanAbsoluteError, s.Dice, s.Iou, s.Precision, s.Recall,
                s.TruthPositiveFraction, s.PredictedPositiveFraction, null, null);
        }
        foreach (var micrograph in report.Scored)
        {
            for (int c = 0; c < report.Channels.Count; c++)
            {
                var s = micrograph.Scores![c];
                csv.Row(micrograph.Source.Name, report.Channels[c], s.Pixels, s.Pearson, s.Ssim, s.Psnr, s.MeanAbsoluteError, s.Dice, s.Iou, s.Precision, s.Recall,
                    s.TruthPositiveFraction, s.PredictedPositiveFraction, s.TruthThreshold, s.PredictionThreshold);
            }
        }
        return csv;
    }

    private static byte[] MetricsJson(TranslationReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("model", report.Model);
            json.WriteString("task", "ImageTranslation");
            json.WriteNumber("micrographs", report.Micrographs.Count);
            json.WriteNumber("scoredMicrographs", report.Scored.Count);
            json.WriteBoolean("complete", report.Complete);
            json.WriteStartArray("channels");
            foreach (var name in report.Channels) json.WriteStringValue(name);
            json.WriteEndArray();
            if (report.Scores is null)
            {
                json.WriteNull("scores");
            }
            else
            {
                json.WriteStartArray("scores");
                for (int c = 0; c < report.Channels.Count; c++) WriteChannel(json, report, c);
                json.WriteEndArray();
            }
            if (report.Epochs.Count > 0) json.WriteNumber("epochs", report.Epochs.Count);
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void WriteChannel(Utf8JsonWriter json, TranslationReport report, int channel)
    {
        var s = report.Scores![channel];
        json.WriteStartObject();
        json.WriteString("channel", report.Channels[channel]);
        json.WriteNumber("images", s.Images);
        json.WriteNumber("pixels", s.Pixels);
        JsonNumbers.Write(json, "pearson", s.Pearson);
        JsonNumbers.Write(json, "ssim", s.Ssim);
        JsonNumbers.Write(json, "psnr", s.Psnr);
        JsonNumbers.Write(json, "mae", s.MeanAbsoluteError);
        JsonNumbers.Write(json, "mse", s.MeanSquaredError);
        JsonNumbers.Write(json, "dice", s.Dice);
        JsonNumbers.Write(json, "iou", s.Iou);
        JsonNumbers.Write(json, "precision", s.Precision);
        JsonNumbers.Write(json, "recall", s.Recall);
        JsonNumbers.Write(json, "truthPositiveFraction", s.TruthPositiveFraction);
        JsonNumbers.Write(json, "predictedPositiveFraction", s.PredictedPositiveFraction);
        // Pearson's r across fields of the two columns of "fields": how well the model ranks the fields' efficiency.
        JsonNumbers.Write(json, "efficiencyCorrelation", s.EfficiencyCorrelation);
        json.WriteStartArray("fields");
        foreach (var micrograph in report.Scored)
        {
            var field = micrograph.Scores![channel];
            json.WriteStartObject();
            json.WriteString("micrograph", micrograph.Source.Name);
            JsonNumbers.Write(json, "truthPositiveFraction", field.TruthPositiveFraction);
            JsonNumbers.Write(json, "predictedPositiveFraction", field.PredictedPositiveFraction);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
