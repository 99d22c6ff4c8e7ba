using System.Management.Automation;
using CellOps.Sdk.Training;

namespace CellOps.PowerShell.Internal;

/// <summary>The progress record of a training run (epoch, batch, loss, validation accuracy, time left), alone or under a search's bar.</summary>
internal static class EpochProgress
{
    /// <param name="id">The record's activity id.</param>
    /// <param name="activity">E.g. <c>Training Cardiomyocyte.TileClassifier</c>.</param>
    /// <param name="p">Where the run is.</param>
    /// <param name="elapsed">Time since the run started, for the estimate of time left.</param>
    /// <param name="parentId">The parent bar's id, or -1 for none.</param>
    public static ProgressRecord Record(int id, string activity, TrainingProgress p, TimeSpan elapsed, int parentId = -1)
    {
        double done = Fraction(p);
        string validation = p.ValidationMetric is { } v ? $", validation accuracy {v:0.000}" : "";
        var record = new ProgressRecord(id, activity, $"Epoch {p.Epoch}/{p.Epochs}, batch {p.Batch}/{p.Batches}, loss {p.Loss:0.0000}{validation}")
        {
            PercentComplete = Math.Clamp((int)(done * 100), 0, 100),
            ParentActivityId = parentId,
        };
        if (done > 0.01)
        {
            record.SecondsRemaining = (int)Math.Round(elapsed.TotalSeconds * (1 - done) / done);
        }
        return record;
    }

    /// <summary>The share of the run's batches done, 0 to 1.</summary>
    public static double Fraction(TrainingProgress p) =>
        Math.Clamp((p.Epoch - 1 + (double)p.Batch / Math.Max(1, p.Batches)) / Math.Max(1, p.Epochs), 0, 1);
}
