namespace CellOps.Runtime.Jobs;

/// <summary>
/// What a task says of itself, in its own file (status/task-N.json): tasks never write the manifest, so tasks
/// running at once cannot overwrite each other's state.
/// </summary>
public sealed class TaskReport
{
    /// <summary>The attempt this report belongs to (see <see cref="JobTaskRecord.Attempts"/>).</summary>
    public int Attempt { get; set; }

    /// <summary>Running, Done or Failed.</summary>
    public JobTaskState State { get; set; }

    /// <summary>The task's process.</summary>
    public int ProcessId { get; set; }

    /// <summary>The machine it runs on.</summary>
    public string Host { get; set; } = "";

    /// <summary>When it started.</summary>
    public DateTimeOffset Started { get; set; }

    /// <summary>When it finished; null while it runs.</summary>
    public DateTimeOffset? Finished { get; set; }

    /// <summary>Why it failed.</summary>
    public string? Message { get; set; }
}
