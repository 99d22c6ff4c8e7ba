namespace CellOps.Reporting;

/// <summary>The file names of an evaluation report; which are written depends on what the report holds.</summary>
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

    /// <summary>Per-class IoU and Dice of dense maps, over all micrographs and per micrograph.</summary>
    public const string SegmentationTable = "segmentation.csv";

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
        return names;
    }
}
