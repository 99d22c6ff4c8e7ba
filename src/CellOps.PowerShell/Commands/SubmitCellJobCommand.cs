using System.Collections;
using System.Globalization;
using System.Management.Automation;
using CellOps.PowerShell.Internal;
using CellOps.Runtime.Jobs;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Runs a model over many micrographs as a job of parallel tasks, on this machine or on a Slurm cluster.</para>
/// <para type="description">Writes a job folder (job.json: the inputs, the model and its parameters, the inputs' shards, the tasks'
/// attempts), then submits one task per shard: local processes (-Scheduler Local) or one Slurm job array (sbatch --array). Each task
/// starts the same pwsh and CellOps module as this session, runs Import-Micrograph | Invoke-CellModel on its shard and saves its results
/// in the folder; Get-CellJob, Wait-CellJob, Receive-CellJob and Stop-CellJob take the folder. -Resume submits an existing job's failed
/// and unfinished tasks again, leaving done ones alone.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Submit, "CellJob", SupportsShouldProcess = true, DefaultParameterSetName = NewSet)]
[OutputType(typeof(CellJob))]
public sealed class SubmitCellJobCommand : PSCmdlet
{
    private const string NewSet = "New";
    private const string ResumeSet = "Resume";
    private static readonly string[] ModelParameters = ["BatchSize", "Stride", "PairThreshold", "GroupBy", "Device", "Threads", "PluginPath"];
    private readonly List<string> _inputs = new();

    /// <summary>The model: a .cellmodel path, or a TrainedModel from Start-CellTraining.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NewSet)]
    [ValidateNotNull]
    public object Model { get; set; } = "";

    /// <summary>Micrograph files (wildcards expanded); binds strings, and micrographs and files by their Path or FullName.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = NewSet)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>The job folder (made where missing): the manifest, the tasks' logs and their results.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string JobPath { get; set; } = "";

    /// <summary>Submit an existing job's failed and unfinished tasks again; done ones are kept.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ResumeSet)]
    public SwitchParameter Resume { get; set; }

    /// <summary>With -Resume: tasks already tried this many times are not submitted again (an error says which).</summary>
    [Parameter(ParameterSetName = ResumeSet)]
    [ValidateRange(1, 1000)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Local (processes on this machine) or Slurm (a job array).</summary>
    [Parameter(ParameterSetName = NewSet)]
    [ValidateSet("Local", "Slurm")]
    public string Scheduler { get; set; } = "Local";

    /// <summary>Tasks to split the micrographs into (contiguous shards, in input order); default one per CPU core here (Local) or one per micrograph up to 100 (Slurm).</summary>
    [Parameter(ParameterSetName = NewSet)]
    [ValidateRange(1, 100_000)]
    public int TaskCount { get; set; }

    /// <summary>CPU cores per task.</summary>
    [Parameter(ParameterSetName = NewSet)]
    [ValidateRange(1, 1024)]
    public int Cpus { get; set; } = 1;

    /// <summary>Memory per task in MB (Slurm --mem); default the cluster's.</summary>
    [Parameter(ParameterSetName = NewSet)]
    [ValidateRange(1, int.MaxValue)]
    public int MemoryMB { get; set; }

    /// <summary>Wall-clock limit per task (Slurm --time); default the cluster's.</summary>
    [Parameter(ParameterSetName = NewSet)]
    public TimeSpan? TimeLimit { get; set; }

    /// <summary>GPUs per task (Slurm --gres=gpu:N).</summary>
    [Parameter(ParameterSetName = NewSet)]
    [ValidateRange(0, 64)]
    public int Gpus { get; set; }

    /// <summary>Tasks run at once at most (Slurm's --array=...%N); default: as many as the scheduler allows (Local: CPU cores / -Cpus).</summary>
    [Parameter(ParameterSetName = NewSet)]
    [ValidateRange(1, 100_000)]
    public int ThrottleLimit { get; set; }

    /// <summary>The Slurm partition; default the cluster's.</summary>
    [Parameter(ParameterSetName = NewSet)]
    [ValidateNotNullOrEmpty]
    public string? Partition { get; set; }

    /// <summary>Further Invoke-CellModel parameters for every task: BatchSize, Stride, PairThreshold, GroupBy (a metadata name), Device, Threads, PluginPath.</summary>
    [Parameter(ParameterSetName = NewSet)]
    [ValidateNotNull]
    public Hashtable ModelParameter { get; set; } = new();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName != NewSet) return;
        foreach (string argument in Path)
        {
            _inputs.AddRange(FileSystemPaths.Resolve(this, argument, literal: false));
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        string folder = FileSystemPaths.ToFullPath(this, JobPath);
        try
        {
            if (ParameterSetName == ResumeSet) ResumeJob(folder);
            else NewJob(folder);
        }
        catch (JobSchedulerException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "SchedulerFailed", ErrorCategory.ResourceUnavailable, folder));
        }
        catch (InvalidDataException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "JobDamaged", ErrorCategory.InvalidData, folder));
        }
    }

    private void NewJob(string folder)
    {
        if (JobFolder.IsJob(folder))
        {
            ThrowTerminatingError(new ErrorRecord(
                new IOException($"{folder} already holds a job: Submit-CellJob -JobPath {folder} -Resume runs its failed tasks again, or give another -JobPath."),
                "JobExists", ErrorCategory.ResourceExists, folder));
        }
        if (_inputs.Count == 0)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("No micrographs to predict: -Path matched no file."),
                "NoInputs", ErrorCategory.InvalidArgument, Path));
        }
        string model = PackageArgument.ToPath(this, Model, nameof(Model));
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in ModelParameter)
        {
            string name = entry.Key?.ToString() ?? "";
            if (!ModelParameters.Contains(name, StringComparer.OrdinalIgnoreCase) || entry.Value is null or ScriptBlock or Array)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-ModelParameter: '{name}' cannot be passed to the tasks; give {string.Join(", ", ModelParameters)} with a single value each."),
                    "ModelParameterInvalid", ErrorCategory.InvalidArgument, entry.Key));
            }
            parameters[name] = Convert.ToString(entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value, CultureInfo.InvariantCulture)!;
        }
        int tasks = TaskCount > 0 ? TaskCount : Scheduler == "Slurm" ? Math.Min(100, _inputs.Count) : Environment.ProcessorCount;
        tasks = Math.Min(tasks, _inputs.Count);
        if (!ShouldProcess(folder, $"Submit {_inputs.Count} micrograph(s) in {tasks} task(s) to the {Scheduler} scheduler")) return;

        var launcher = TaskLauncher.ForSession(this);
        var resources = new JobResources(Cpus, MemoryMB, TimeLimit, Gpus, ThrottleLimit, Partition);
        try
        {
            JobControl.Create(folder, Scheduler, model, parameters, _inputs, tasks, resources, launcher);
        }
        catch (IOException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "JobNotWritten", ErrorCategory.WriteError, folder));
        }
        var (submitted, _) = JobControl.Submit(folder, JobControl.Backend(Scheduler));
        WriteVerbose($"Submitted {submitted.Count} task(s) of {_inputs.Count} micrograph(s) to {Scheduler}.");
        WriteObject(JobControl.Status(folder));
    }

    private void ResumeJob(string folder)
    {
        if (!JobFolder.IsJob(folder))
        {
            ThrowTerminatingError(new ErrorRecord(new DirectoryNotFoundException($"{folder} holds no CellOps job (no job.json) to resume."),
                "JobNotFound", ErrorCategory.ObjectNotFound, folder));
        }
        var job = JobFolder.Load(folder);
        if (!ShouldProcess(folder, "Submit the job's failed and unfinished tasks again")) return;
        var (submitted, exhausted) = JobControl.Submit(folder, JobControl.Backend(job.Scheduler), MaxAttempts);
        foreach (int index in exhausted)
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"Task {index} of {job.Name} has failed {MaxAttempts} time(s) and is not submitted again; see {JobFolder.Log(folder, index)}, or give a larger -MaxAttempts."),
                "TaskAttemptsExhausted", ErrorCategory.LimitsExceeded, index));
        }
        WriteVerbose(submitted.Count == 0 ? $"No task of {job.Name} needed running again." : $"Submitted task(s) {string.Join(", ", submitted)} again.");
        WriteObject(JobControl.Status(folder));
    }
}
