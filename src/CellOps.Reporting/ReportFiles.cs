namespace CellOps.Reporting;

/// <summary>
/// The file names of an evaluation or translation report; which are written depends on what the report holds.
/// </summary>
public static class ReportFiles
{
    /// <summary>The numbers: classification metrics, per-class scores, confusion matrix, correlations.</summary>
    public const string Metrics = "metrics.json";

    /// <summary>ROC figure and its points.</summary>
    public const string RocPlot = "roc.png", RocTable = "roc.csv";

    /// <summary>Confusion matrix figure and table.</summary>
    public const string ConfusionPlot = "confusion.png", ConfusionTable = "confusion.csv";

    /// <summary>Training curves and per-epoch metrics.</summary>
    public const string TrainingPlot = "training.png", TrainingTable = "training.csv";

    /// <summary>Efficiency scatter and per-micrograph table.</summary>
    public const string EfficiencyPlot = "efficiency.png", EfficiencyTable = "efficiency.csv";

    /// <summary>
    /// Per time point of the micrographs: tile metrics, mean and spread of predicted and measured efficiency, and their r
    /// (the table); the efficiencies over time, one point per time point with its spread (the figure).
    /// </summary>
    public const string GroupTable = "groups.csv", GroupPlot = "groups.png";

    /// <summary>Per-class IoU and Dice of dense maps, over all micrographs and per micrograph.</summary>
    public const string SegmentationTable = "segmentation.csv";

    /// <summary>Translation: per micrograph and channel, and pooled per channel, the scores of the prediction against the truth.</summary>
    public const string TranslationTable = "translation.csv";

    /// <summary>Translation: the predicted against the true intensity of a channel's sampled pixels.</summary>
    public static string IntensityPlot(TranslationReport report, int channel) => $"intensity-{Stems(report)[channel]}.png";

    /// <summary>Translation: a channel's predicted against measured positive area, one point per micrograph.</summary>
    public static string PositiveAreaPlot(TranslationReport report, int channel) => $"positive-area-{Stems(report)[channel]}.png";

    /// <summary>The names <see cref="ReportWriter.Write"/> will write for <paramref name="report"/>, in writing order.</summary>
    public static IReadOnlyList<string> For(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var names = new List<string> { Metrics };
        if (report.RocCurves.Count > 0) names.AddRange([RocPlot, RocTable]);
        if (report.Classification is not null) names.AddRange([ConfusionPlot, ConfusionTable]);
        if (report.Epochs.Count > 0) names.AddRange([TrainingPlot, TrainingTable]);
        if (report.Micrographs.Count > 0) names.Add(EfficiencyTable);
        if (report.Micrographs.Any(m => m.MeasuredEfficiency is not null)) names.Add(EfficiencyPlot);
        if (report.Segmentation is not null) names.Add(SegmentationTable);
        if (report.Groups.Count > 0) names.Add(GroupTable);
        // One group is one point: a comparison needs two.
        if (report.Groups.Count >= 2) names.Add(GroupPlot);
        return names;
    }

    /// <summary>The names <see cref="TranslationReportWriter.Write"/> will write for <paramref name="report"/>, in writing order.</summary>
    public static IReadOnlyList<string> For(TranslationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var names = new List<string> { Metrics };
        if (report.Scores is not null)
        {
            names.Add(TranslationTable);
            for (int c = 0; c < report.Channels.Count; c++) names.Add(IntensityPlot(report, c));
        }
        // One field gives one point and no correlation: the figure would say nothing.
        if (report.Scored.Count >= 2)
        {
            for (int c = 0; c < report.Channels.Count; c++) names.Add(PositiveAreaPlot(report, c));
        }
        if (report.Epochs.Count > 0) names.AddRange([TrainingPlot, TrainingTable]);
        return names;
    }

    // Channel names become part of file names: anything but letters, digits, '-' and '_' becomes '_', and
    // names that then clash (case aside, for case-insensitive file systems) take their channel index.
    private static string[] Stems(TranslationReport report)
    {
        var stems = new string[report.Channels.Count];
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int c = 0; c < stems.Length; c++)
        {
            string stem = new(report.Channels[c].Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_').ToArray());
            if (stem.Length == 0) stem = "channel";
            string unique = stem;
            for (int n = c; !used.Add(unique); n++) unique = $"{stem}-{n}";
            stems[c] = unique;
        }
        return stems;
    }
}
