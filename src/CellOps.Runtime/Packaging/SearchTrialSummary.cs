namespace CellOps.Runtime.Packaging;

/// <summary>One trial of a hyperparameter search, as a manifest records it.</summary>
public sealed record SearchTrialSummary
{
    /// <summary>1-based trial number.</summary>
    public int Number { get; init; }

    /// <summary>Its score (lower is better); infinite where training diverged.</summary>
    public double Score { get; init; }

    /// <summary>Every hyperparameter's value (categorical ones as choice indices, as in <see cref="ModelManifest.HyperParameters"/>).</summary>
    public IReadOnlyDictionary<string, double> HyperParameters { get; init; } = new Dictionary<string, double>();

    /// <summary>Epochs it trained.</summary>
    public int Epochs { get; init; }

    /// <summary>Its wall time in seconds.</summary>
    public double Seconds { get; init; }
}
