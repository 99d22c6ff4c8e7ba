namespace CellOps.Runtime.Jobs;

/// <summary>A job of parallel tasks (predictions over many micrographs, or the trials of a search), as its folder's job.json records it.</summary>
public sealed class JobManifest
{
    /// <summary>The manifest's format.</summary>
    public int Format { get; set; } = 1;

    /// <summary>What its tasks do: predict shards of micrographs (Submit-CellJob), or train trials of a hyperparameter search.</summary>
    public JobKind Kind { get; set; } = JobKind.Prediction;

    /// <summary>The job's name (the folder's name by default).</summary>
    public string Name { get; set; } = "";

    /// <summary>When it was made.</summary>
    public DateTimeOffset Created { get; set; }

    /// <summary>The scheduler that runs it: Local or Slurm.</summary>
    public string Scheduler { get; set; } = "";

    /// <summary>The model package (full path); for a search, the model trained (PluginId.ModelName).</summary>
    public string Model { get; set; } = "";

    /// <summary>Further Invoke-CellModel (for a search: Start-CellTraining) parameters, by name, as text (PowerShell converts them when it binds them).</summary>
    public Dictionary<string, string> Parameters { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The micrographs (full paths), in input order; for a search, the one tile set file every trial trains on.</summary>
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
