using CellOps.Runtime.Training;

namespace CellOps.Reporting;

/// <summary>The per-epoch metrics of a training run as CSV, the same for every kind of report.</summary>
internal static class TrainingTable
{
    public static CsvText Of(IReadOnlyList<EpochRecord> epochs)
    {
        var csv = new CsvText("epoch", "loss", "validation_loss", "validation_accuracy", "validation_f1", "validation_auc", "seconds");
        foreach (var e in epochs) csv.Row(e.Epoch, e.Loss, e.ValidationLoss, e.ValidationAccuracy, e.ValidationF1, e.ValidationAuc, e.Seconds);
        return csv;
    }
}
