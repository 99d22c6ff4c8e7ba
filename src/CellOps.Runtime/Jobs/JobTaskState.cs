namespace CellOps.Runtime.Jobs;

/// <summary>Where one task of a job stands.</summary>
public enum JobTaskState
{
    /// <summary>Waiting for the scheduler (or not submitted yet).</summary>
    Pending,
    /// <summary>Running now.</summary>
    Running,
    /// <summary>Finished, its results saved.</summary>
    Done,
    /// <summary>Failed, stopped, or ended without saving results; resubmitting runs it again.</summary>
    Failed,
}
