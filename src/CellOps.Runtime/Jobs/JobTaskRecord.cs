namespace CellOps.Runtime.Jobs;

/// <summary>One task of a job as its manifest records it: its shard of the inputs and its attempts.</summary>
public sealed class JobTaskRecord
{
    /// <summary>The task's index (the Slurm array index).</summary>
    public int Index { get; set; }

    /// <summary>Indices into <see cref="JobManifest.Inputs"/> of its micrographs, in input order.</summary>
    public int[] Inputs { get; set; } = [];

    /// <summary>Its log file (its output and errors; each attempt's replaces the last's).</summary>
    public string Log { get; set; } = "";

    /// <summary>Its results file, written by the task when it is done.</summary>
    public string Output { get; set; } = "";

    /// <summary>Its report file: its state (running, done, failed) as the task itself writes it (see <see cref="TaskReport"/>).</summary>
    public string Report { get; set; } = "";

    /// <summary>A search trial's hyperparameters (every one, searched and fixed); null for a prediction task.</summary>
    public Dictionary<string, double>? HyperParameters { get; set; }

    /// <summary>Times it was submitted; a task's report counts only for its latest attempt.</summary>
    public int Attempts { get; set; }

    /// <summary>The submission (see <see cref="JobSubmission.Id"/>) of its latest attempt; null before the first.</summary>
    public string? Submission { get; set; }
}
