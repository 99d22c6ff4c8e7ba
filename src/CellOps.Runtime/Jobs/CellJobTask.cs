namespace CellOps.Runtime.Jobs;

/// <summary>One task of a job as Get-CellJob shows it.</summary>
public sealed class CellJobTask
{
    internal CellJobTask(int index, JobTaskState state, int attempts, IReadOnlyList<string> inputs, string log, string output, string? message,
        string? submission, string? host)
    {
        Index = index;
        State = state;
        Attempts = attempts;
        Inputs = inputs;
        Log = log;
        Output = output;
        Message = message;
        Submission = submission;
        Host = host;
    }

    /// <summary>The task's index (its Slurm array index).</summary>
    public int Index { get; }

    /// <summary>Pending, Running, Done or Failed.</summary>
    public JobTaskState State { get; }

    /// <summary>Times it was submitted.</summary>
    public int Attempts { get; }

    /// <summary>Its micrographs, in input order.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Its log file.</summary>
    public string Log { get; }

    /// <summary>Its results file.</summary>
    public string Output { get; }

    /// <summary>Why it failed; null otherwise.</summary>
    public string? Message { get; }

    /// <summary>The scheduler's id of its latest submission.</summary>
    public string? Submission { get; }

    /// <summary>The machine it ran on, where it has started.</summary>
    public string? Host { get; }

    /// <inheritdoc />
    public override string ToString() => $"task {Index}: {State}{(Message is null ? "" : $" ({Message})")}";
}
