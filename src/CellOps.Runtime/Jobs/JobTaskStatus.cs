namespace CellOps.Runtime.Jobs;

/// <summary>Where a task stands, from its record, its report and what its scheduler still holds.</summary>
public static class JobTaskStatus
{
    /// <summary>The state of <paramref name="task"/>, and why where it failed.</summary>
    /// <param name="task">The task as the manifest records it.</param>
    /// <param name="report">Its latest report, or null.</param>
    /// <param name="held">What the scheduler says of it where it still holds it (pending or running); null where it does not.</param>
    /// <param name="cancelled">Whether Stop-CellJob cancelled the job after the task's latest submission.</param>
    public static (JobTaskState State, string? Message) Resolve(JobTaskRecord task, TaskReport? report, JobTaskState? held, bool cancelled)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Attempts == 0) return (JobTaskState.Pending, "not submitted");
        // A report of an earlier attempt says nothing of this one.
        if (report is not null && report.Attempt != task.Attempts) report = null;
        string stopped = cancelled ? "cancelled by Stop-CellJob" : "stopped (killed, cancelled or out of time)";
        switch (report?.State)
        {
            case JobTaskState.Done:
                return (JobTaskState.Done, null);
            case JobTaskState.Failed:
                return (JobTaskState.Failed, report.Message ?? "failed");
            case JobTaskState.Running:
                return held is not null ? (JobTaskState.Running, null) : (JobTaskState.Failed, $"{stopped} while it ran");
        }
        if (held is { } state) return (state, null);
        return (JobTaskState.Failed, cancelled ? $"{stopped} before it started" : "ended without a report (pwsh or the module did not start, or it was stopped)");
    }
}
