namespace CellOps.Runtime.Jobs;

/// <summary>One hand-over of tasks to a scheduler.</summary>
public sealed class JobSubmission
{
    /// <summary>The scheduler's id: the Slurm job id, or the process id of the local driver.</summary>
    public string Id { get; set; } = "";

    /// <summary>The task indices it ran.</summary>
    public int[] Tasks { get; set; } = [];

    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }
}
