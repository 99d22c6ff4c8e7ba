namespace CellOps.Runtime.Data;

/// <summary>How an epoch's training tiles are drawn.</summary>
public enum BatchSampling
{
    /// <summary>Every tile once per epoch, in a fresh random order: batches mirror the classes' frequencies.</summary>
    Shuffled,

    /// <summary>
    /// As many draws per epoch as there are tiles, split equally among the classes present: rare
    /// classes' tiles recur within an epoch, common classes' tiles are not all seen in every epoch.
    /// Counters class imbalance by what the network sees rather than by weighting the loss.
    /// </summary>
    Balanced,
}
