namespace CellOps.Runtime.Packaging;

/// <summary>
/// The hyperparameter search that chose a model's hyperparameters, as its manifest records it: how it
/// searched, and every trial with its values and score, so the choice can be audited and a later
/// search can start from what is known.
/// </summary>
public sealed record SearchSummary
{
    /// <summary>How the trials were proposed, e.g. <c>bayesian</c>.</summary>
    public string Method { get; init; } = "";

    /// <summary>What a trial's score is, e.g. <c>val_loss</c>: the validation loss of the epoch whose weights it keeps; lower is better.</summary>
    public string Score { get; init; } = "";

    /// <summary>Trials asked for (more than <see cref="Trials"/> holds where the search was stopped).</summary>
    public int PlannedTrials { get; init; }

    /// <summary>Random trials before the surrogate guided the search.</summary>
    public int InitialTrials { get; init; }

    /// <summary>The hyperparameters varied; the others were fixed.</summary>
    public IReadOnlyList<string> Searched { get; init; } = [];

    /// <summary>The number of the trial whose model this package holds.</summary>
    public int BestTrial { get; init; }

    /// <summary>The completed trials, in order.</summary>
    public IReadOnlyList<SearchTrialSummary> Trials { get; init; } = [];
}
