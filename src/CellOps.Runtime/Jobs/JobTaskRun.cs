using System.Collections;
using CellOps.Runtime.Inference;

namespace CellOps.Runtime.Jobs;

/// <summary>The running task's side of a job (task.ps1 calls it): its shard (or trial), its parameters, and its report.</summary>
public sealed class JobTaskRun
{
    private readonly string _folder;
    private readonly int _index;
    private readonly TaskReport _report;
    private readonly string? _tiles;
    private readonly System.Diagnostics.Stopwatch _clock;

    private JobTaskRun(string folder, int index, JobManifest job, TaskReport report)
    {
        _folder = folder;
        _index = index;
        _report = report;
        Model = job.Model;
        Inputs = job.Tasks[index].Inputs.Select(i => job.Inputs[i]).ToArray();
        Parameters = new Hashtable(StringComparer.OrdinalIgnoreCase);
        // Switches travel as True/False: PowerShell binds a switch from a bool, not from text.
        foreach (var (name, value) in job.Parameters)
            Parameters[name] = job.Kind == JobKind.TrainingTrial && bool.TryParse(value, out bool flag) ? flag : value;
        HyperParameters = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in job.Tasks[index].HyperParameters ?? new()) HyperParameters[name] = value;
        _tiles = job.Kind == JobKind.TrainingTrial ? job.Inputs.FirstOrDefault() : null;
        Package = JobFolder.Package(folder, index);
        _clock = System.Diagnostics.Stopwatch.StartNew();
    }

    /// <summary>A training trial's hyperparameters (searched and fixed), for Start-CellTraining -HyperParameter.</summary>
    public Hashtable HyperParameters { get; }

    /// <summary>Where a training trial writes its model package.</summary>
    public string Package { get; }

    /// <summary>The search's tile set, which a training trial trains on.</summary>
    /// <exception cref="InvalidOperationException">The job is not a search.</exception>
    public Sdk.Tiling.TileSet ReadTiles() =>
        Data.TileSetFile.Read(_tiles ?? throw new InvalidOperationException("This task is not a training trial: its job holds no tile set."));

    /// <summary>Saves a training trial's score and package, and reports it done.</summary>
    public void CompleteTrial(Training.TrainedModel trained)
    {
        ArgumentNullException.ThrowIfNull(trained);
        JobFolder.WriteTrialResult(_folder, _index, new TrialResult
        {
            ValidationLoss = trained.ValidationLoss is double loss && double.IsFinite(loss) ? loss : null,
            Epochs = trained.Epochs,
            Package = trained.Path,
            Note = trained.StopReason,
            Seconds = _clock.Elapsed.TotalSeconds,
        });
        Finish(JobTaskState.Done, null);
    }

    /// <summary>Saves a training trial that diverged: a result with no score (the search learns these values fail), not a failed task.</summary>
    public void Diverged(string message)
    {
        JobFolder.WriteTrialResult(_folder, _index, new TrialResult { Note = message, Seconds = _clock.Elapsed.TotalSeconds });
        Finish(JobTaskState.Done, null);
    }

    /// <summary>The model package; for a training trial, the model to train (PluginId.ModelName).</summary>
    public string Model { get; }

    /// <summary>The task's micrographs, in input order.</summary>
    public string[] Inputs { get; }

    /// <summary>Further Invoke-CellModel parameters, to splat.</summary>
    public Hashtable Parameters { get; }

    /// <summary>Starts task <paramref name="index"/> of the job in <paramref name="folder"/>: reports it running.</summary>
    public static JobTaskRun Begin(string folder, int index)
    {
        folder = Path.GetFullPath(folder);
        var job = JobFolder.Load(folder);
        if (index < 0 || index >= job.Tasks.Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The job in {folder} has tasks 0 to {job.Tasks.Count - 1}.");
        var report = new TaskReport
        {
            Attempt = job.Tasks[index].Attempts,
            State = JobTaskState.Running,
            ProcessId = Environment.ProcessId,
            Host = Environment.MachineName,
            Started = DateTimeOffset.Now,
        };
        JobFolder.WriteReport(folder, index, report);
        return new JobTaskRun(folder, index, job, report);
    }

    /// <summary>Saves the task's results and reports it done.</summary>
    public void Complete(PredictionResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        string output = JobFolder.Output(_folder, _index);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        PredictionFile.Write(output, results);
        Finish(JobTaskState.Done, null);
    }

    /// <summary>Reports the task failed, saying why.</summary>
    public void Fail(string message) => Finish(JobTaskState.Failed, string.IsNullOrWhiteSpace(message) ? "failed" : message.Trim());

    private void Finish(JobTaskState state, string? message)
    {
        _report.State = state;
        _report.Message = message;
        _report.Finished = DateTimeOffset.Now;
        JobFolder.WriteReport(_folder, _index, _report);
    }
}
