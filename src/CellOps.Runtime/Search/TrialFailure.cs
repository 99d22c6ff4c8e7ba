namespace CellOps.Runtime.Search;

/// <summary>A trial of a parallel search whose task failed: it gave no score, and its values were withdrawn.</summary>
/// <param name="Number">1-based trial number.</param>
/// <param name="Searched">The searched hyperparameters' values as text.</param>
/// <param name="Message">Why it failed, as its task reported (or its scheduler).</param>
/// <param name="Log">The task's log file.</param>
/// <param name="LogTail">The last lines of that log.</param>
public sealed record TrialFailure(int Number, string Searched, string Message, string Log, string LogTail);
