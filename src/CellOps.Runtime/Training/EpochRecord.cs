namespace CellOps.Runtime.Training;

/// <summary>What one epoch achieved.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Loss">Mean training loss.</param>
/// <param name="ValidationLoss">Mean validation loss, or null without validation.</param>
/// <param name="ValidationAccuracy">Validation accuracy, or null.</param>
/// <param name="ValidationF1">Validation F1 (positive class, or macro), or null.</param>
/// <param name="ValidationAuc">Validation ROC AUC, or null where undefined.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
public sealed record EpochRecord(int Epoch, double Loss, double? ValidationLoss, double? ValidationAccuracy,
    double? ValidationF1, double? ValidationAuc, double Seconds)
{
    /// <summary>Reads a record from an epoch's named metrics (as model packages store them: epoch, loss, val_loss, ...).</summary>
    public static EpochRecord FromMetrics(IReadOnlyDictionary<string, double> metrics)
    {
        double? Get(string name) => metrics.TryGetValue(name, out var v) ? v : null;
        return new EpochRecord((int)(Get("epoch") ?? 0), Get("loss") ?? double.NaN, Get("val_loss"), Get("val_accuracy"),
            Get("val_f1"), Get("val_auc"), Get("seconds") ?? 0);
    }
}
