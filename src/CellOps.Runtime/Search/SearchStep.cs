namespace CellOps.Runtime.Search;

/// <summary>What one <see cref="ParallelTrainingSearch.Step"/> saw and did.</summary>
/// <param name="Completed">Trials that finished since the last step (diverged ones with an infinite score), in trial order.</param>
/// <param name="Failed">Trials whose tasks failed since the last step; their values were withdrawn.</param>
/// <param name="Started">Numbers of the trials submitted in this step.</param>
public sealed record SearchStep(IReadOnlyList<SearchTrial> Completed, IReadOnlyList<TrialFailure> Failed, IReadOnlyList<int> Started);
