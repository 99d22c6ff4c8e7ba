namespace CellOps.Runtime.Jobs;

/// <summary>A job of parallel tasks (predictions over many micrographs, or search trials) and where its tasks stand (Submit-CellJob, Get-CellJob).</summary>
public sealed class CellJob
{
    internal CellJob(string path, JobManifest manifest, IReadOnlyList<CellJobTask> tasks)
    {
        Path = path;
        Name = manifest.Name;
        Kind = manifest.Kind;
        Scheduler = manifest.Scheduler;
        Model = manifest.Model;
        Created = manifest.Created;
        InputCount = manifest.Inputs.Length;
        Submissions = manifest.Submissions.Select(s => s.Id).ToArray();
        Tasks = tasks;
    }

    /// <summary>The job folder.</summary>
    public string Path { get; }

    /// <summary>The job's name.</summary>
    public string Name { get; }

    /// <summary>What its tasks do: Prediction, or TrainingTrial (the trials of Start-CellTraining -Optimize -Scheduler).</summary>
    public JobKind Kind { get; }

    /// <summary>Local or Slurm.</summary>
    public string Scheduler { get; }

    /// <summary>The model package; for a search, the model trained (PluginId.ModelName).</summary>
    public string Model { get; }

    /// <summary>When the job was made.</summary>
    public DateTimeOffset Created { get; }

    /// <summary>Number of micrographs.</summary>
    public int InputCount { get; }

    /// <summary>The scheduler's ids of its submissions, oldest first (Slurm job ids, or local driver process ids).</summary>
    public IReadOnlyList<string> Submissions { get; }

    /// <summary>The tasks, by index.</summary>
    public IReadOnlyList<CellJobTask> Tasks { get; }

    /// <summary>Number of tasks.</summary>
    public int TaskCount => Tasks.Count;

    /// <summary>Tasks done.</summary>
    public int Done => Count(JobTaskState.Done);

    /// <summary>Tasks failed.</summary>
    public int Failed => Count(JobTaskState.Failed);

    /// <summary>Tasks running.</summary>
    public int Running => Count(JobTaskState.Running);

    /// <summary>Tasks waiting.</summary>
    public int Pending => Count(JobTaskState.Pending);

    /// <summary>Whether no task is pending or running.</summary>
    public bool Finished => Running == 0 && Pending == 0;

    /// <summary>Running while any task runs, Pending while any waits, then Failed where any failed, else Done.</summary>
    public JobTaskState State => Running > 0 ? JobTaskState.Running : Pending > 0 ? JobTaskState.Pending : Failed > 0 ? JobTaskState.Failed : JobTaskState.Done;

    private int Count(JobTaskState state) => Tasks.Count(t => t.State == state);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {State}, {Done} of {TaskCount} tasks done{(Failed > 0 ? $", {Failed} failed" : "")}";
}
