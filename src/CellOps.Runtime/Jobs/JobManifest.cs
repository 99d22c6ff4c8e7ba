namespace CellOps.Runtime.Jobs;

/// <summary>A job of predictions over many micrographs, as its folder's job.json records it.</summary>
public sealed class JobManifest
{
    /// <summary>The manifest's format.</summary>
    public int Format { get; set; } = 1;

    /// <summary>The job's name (the folder's name by default).</summary>
    public string Name { get; set; } = "";

    /// <summary>When it was made.</summary>
    public DateTimeOffset Created { get; set; }

    /// <summary>The scheduler that runs it: Local or Slurm.</summary>
    public string Scheduler { get; set; } = "";

    /// <summary>The model package (full path).</summary>
    public string Model { get; set; } = "";

    /// <summary>Further Invoke-CellModel parameters, by name, as text (PowerShell converts them when it binds them).</summary>
    public Dictionary<string, string> Parameters { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The micrographs (full paths), in input order.</summary>
    public string[] Inputs { get; set; } = [];

    /// <summary>What each task asks for.</summary>
    public JobResources Resources { get; set; } = new();

    /// <summary>How tasks start PowerShell and the module.</summary>
    public JobLauncher Launcher { get; set; } = new("", [], "");

    /// <summary>The tasks, index = position.</summary>
    public List<JobTaskRecord> Tasks { get; set; } = [];

    /// <summary>Every submission, oldest first.</summary>
    public List<JobSubmission> Submissions { get; set; } = [];

    /// <summary>When Stop-CellJob cancelled it (its latest submissions); null otherwise.</summary>
    public DateTimeOffset? Cancelled { get; set; }
}
