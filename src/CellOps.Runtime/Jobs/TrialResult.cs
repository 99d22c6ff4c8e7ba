namespace CellOps.Runtime.Jobs;

/// <summary>What a training trial task saves when it is done (results/task-N.json): its score and its package.</summary>
public sealed class TrialResult
{
    /// <summary>The validation loss of the epoch whose weights the trial kept; null where training diverged.</summary>
    public double? ValidationLoss { get; set; }

    /// <summary>Epochs trained.</summary>
    public int Epochs { get; set; }

    /// <summary>The trial's model package; null where training diverged.</summary>
    public string? Package { get; set; }

    /// <summary>Why training ended early (early stopping, divergence), or null.</summary>
    public string? Note { get; set; }

    /// <summary>Wall time of the training, in seconds.</summary>
    public double Seconds { get; set; }
}
