using CellOps.Runtime.Inference;

namespace CellOps.Runtime.Jobs;

/// <summary>Makes, submits, watches, cancels and gathers jobs; what the job cmdlets call.</summary>
public static class JobControl
{
    /// <summary>The backend of a scheduler name (Local or Slurm).</summary>
    public static IJobBackend Backend(string scheduler) => scheduler.ToUpperInvariant() switch
    {
        "LOCAL" => new LocalJobBackend(),
        "SLURM" => new SlurmJobBackend(),
        _ => throw new ArgumentException($"There is no scheduler '{scheduler}': give Local or Slurm.", nameof(scheduler)),
    };

    /// <summary>
    /// Writes a new job into <paramref name="folder"/> (made where missing): its manifest, with the inputs in
    /// <paramref name="taskCount"/> shards, and its scripts. Nothing runs yet.
    /// </summary>
    /// <exception cref="IOException">The folder already holds a job.</exception>
    public static JobManifest Create(string folder, string scheduler, string model, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyList<string> inputs, int taskCount, JobResources resources, JobLauncher launcher)
    {
        folder = Path.GetFullPath(folder);
        if (JobFolder.IsJob(folder)) throw new IOException($"{folder} already holds a job; resubmit it with Submit-CellJob -JobPath {folder} -Resume.");
        var job = new JobManifest
        {
            Name = Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar)),
            Created = DateTimeOffset.Now,
            Scheduler = Backend(scheduler).Name,
            Model = model,
            Parameters = new Dictionary<string, string>(parameters, StringComparer.OrdinalIgnoreCase),
            Inputs = inputs.ToArray(),
            Resources = resources,
            Launcher = launcher,
            Tasks = JobSharding.Split(inputs.Count, taskCount).Select((shard, i) => new JobTaskRecord
            {
                Index = i,
                Inputs = shard,
                Log = JobFolder.Log(folder, i),
                Output = JobFolder.Output(folder, i),
                Report = JobFolder.Report(folder, i),
            }).ToList(),
        };
        foreach (string sub in new[] { "logs", "status", "results" }) Directory.CreateDirectory(Path.Combine(folder, sub));
        JobScripts.Write(folder, job);
        JobFolder.Save(folder, job);
        return job;
    }

    /// <summary>
    /// Writes a new hyperparameter search job into <paramref name="folder"/> (made where missing): the tile set every trial
    /// trains on, the manifest (no tasks yet: <see cref="AddTrials"/> adds them as the search proposes them) and the scripts.
    /// </summary>
    /// <param name="folder">The job folder.</param>
    /// <param name="scheduler">Local or Slurm.</param>
    /// <param name="model">The model trained, PluginId.ModelName.</param>
    /// <param name="parameters">Start-CellTraining parameters every trial takes, as text (switches as True).</param>
    /// <param name="tiles">The tiles.</param>
    /// <param name="resources">What each trial asks for.</param>
    /// <param name="launcher">How trials start PowerShell and the module.</param>
    /// <exception cref="IOException">The folder already holds a job.</exception>
    public static JobManifest CreateSearch(string folder, string scheduler, string model, IReadOnlyDictionary<string, string> parameters,
        Sdk.Tiling.TileSet tiles, JobResources resources, JobLauncher launcher)
    {
        folder = Path.GetFullPath(folder);
        if (JobFolder.IsJob(folder)) throw new IOException($"{folder} already holds a job; give another -JobPath.");
        foreach (string sub in new[] { "logs", "status", "results" }) Directory.CreateDirectory(Path.Combine(folder, sub));
        Data.TileSetFile.Write(JobFolder.Tiles(folder), tiles);
        var job = new JobManifest
        {
            Kind = JobKind.TrainingTrial,
            Name = Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar)),
            Created = DateTimeOffset.Now,
            Scheduler = Backend(scheduler).Name,
            Model = model,
            Parameters = new Dictionary<string, string>(parameters, StringComparer.OrdinalIgnoreCase),
            Inputs = [JobFolder.Tiles(folder)],
            Resources = resources,
            Launcher = launcher,
        };
        JobScripts.Write(folder, job);
        JobFolder.Save(folder, job);
        return job;
    }

    /// <summary>Adds a training trial task per entry of <paramref name="hyperParameters"/> to the search in <paramref name="folder"/>; returns their indices.</summary>
    public static IReadOnlyList<int> AddTrials(string folder, IReadOnlyList<IReadOnlyDictionary<string, double>> hyperParameters)
    {
        folder = Path.GetFullPath(folder);
        var job = JobFolder.Load(folder);
        if (job.Kind != JobKind.TrainingTrial) throw new InvalidOperationException($"The job in {folder} is not a hyperparameter search.");
        var added = new List<int>();
        foreach (var values in hyperParameters)
        {
            int index = job.Tasks.Count;
            job.Tasks.Add(new JobTaskRecord
            {
                Index = index,
                HyperParameters = new Dictionary<string, double>(values, StringComparer.OrdinalIgnoreCase),
                Log = JobFolder.Log(folder, index),
                Output = JobFolder.Output(folder, index),
                Report = JobFolder.Report(folder, index),
            });
            added.Add(index);
        }
        JobFolder.Save(folder, job);
        return added;
    }

    /// <summary>
    /// Submits every task that is neither done nor still held by the scheduler (all of a new job; the failed ones of a
    /// job run before), except those already tried <paramref name="maxAttempts"/> times. Returns the tasks submitted
    /// and those refused for their attempts.
    /// </summary>
    public static (IReadOnlyList<int> Submitted, IReadOnlyList<int> Exhausted) Submit(string folder, IJobBackend backend, int maxAttempts = int.MaxValue)
    {
        folder = Path.GetFullPath(folder);
        var job = JobFolder.Load(folder);
        var held = backend.Held(folder, job);
        var due = new List<int>();
        var exhausted = new List<int>();
        foreach (var task in job.Tasks)
        {
            // A task's own final report outranks the scheduler, which may list it a moment longer while it completes.
            var (state, _) = JobTaskStatus.Resolve(task, JobFolder.ReadReport(folder, task.Index), held.TryGetValue(task.Index, out var h) ? h : null, false);
            if (task.Attempts > 0 && state != JobTaskState.Failed) continue;
            (task.Attempts >= maxAttempts ? exhausted : due).Add(task.Index);
        }
        if (due.Count == 0) return (due, exhausted);
        SubmitTasks(folder, job, backend, due);
        return (due, exhausted);
    }

    /// <summary>Submits the tasks <paramref name="tasks"/> of the job in <paramref name="folder"/> as one submission, whatever their state.</summary>
    public static void SubmitTasks(string folder, IJobBackend backend, IReadOnlyList<int> tasks)
    {
        folder = Path.GetFullPath(folder);
        if (tasks.Count > 0) SubmitTasks(folder, JobFolder.Load(folder), backend, tasks);
    }

    private static void SubmitTasks(string folder, JobManifest job, IJobBackend backend, IReadOnlyList<int> due)
    {
        foreach (int index in due)
        {
            // An earlier attempt's results must not pass for this one's.
            File.Delete(JobFolder.Output(folder, index));
            job.Tasks[index].Attempts++;
        }
        job.Cancelled = null;
        // The manifest names the new attempts before any task can start and read it.
        string pending = "pending:" + Guid.NewGuid().ToString("N");
        foreach (int index in due) job.Tasks[index].Submission = pending;
        JobFolder.Save(folder, job);
        string id;
        try
        {
            id = backend.Submit(folder, job, due);
        }
        catch
        {
            foreach (int index in due) job.Tasks[index].Attempts--;
            JobFolder.Save(folder, job);
            throw;
        }
        foreach (int index in due) job.Tasks[index].Submission = id;
        job.Submissions.Add(new JobSubmission { Id = id, Tasks = due.ToArray(), At = DateTimeOffset.Now });
        JobFolder.Save(folder, job);
    }

    /// <summary>The job in <paramref name="folder"/> and where each of its tasks stands.</summary>
    public static CellJob Status(string folder, IJobBackend? backend = null)
    {
        folder = Path.GetFullPath(folder);
        var job = JobFolder.Load(folder);
        var reports = job.Tasks.Select(t => JobFolder.ReadReport(folder, t.Index)).ToArray();
        // Where every task has reported its end the scheduler has nothing to add (and need not be reachable).
        bool ended = job.Tasks.All(t => reports[t.Index] is { State: JobTaskState.Done or JobTaskState.Failed } r && r.Attempt == t.Attempts);
        var held = ended ? new Dictionary<int, JobTaskState>() : (backend ?? Backend(job.Scheduler)).Held(folder, job);
        var tasks = job.Tasks.Select(task =>
        {
            var report = reports[task.Index];
            var (state, message) = JobTaskStatus.Resolve(task, report, held.TryGetValue(task.Index, out var h) ? h : null, job.Cancelled is not null);
            string? submission = task.Submission is { } s ? s[(s.IndexOf(':') + 1)..] : null;
            if (submission is not null && job.Scheduler == "Slurm") submission += "_" + task.Index;
            return new CellJobTask(task.Index, state, task.Attempts, task.Inputs.Select(i => job.Inputs[i]).ToArray(),
                JobFolder.Log(folder, task.Index), JobFolder.Output(folder, task.Index), message, submission,
                report?.Attempt == task.Attempts ? report.Host : null);
        }).ToArray();
        return new CellJob(folder, job, tasks);
    }

    /// <summary>Stops every task of the job still pending or running, and marks the job cancelled.</summary>
    public static void Cancel(string folder, IJobBackend? backend = null)
    {
        folder = Path.GetFullPath(folder);
        var job = JobFolder.Load(folder);
        job.Cancelled = DateTimeOffset.Now;
        JobFolder.Save(folder, job);
        (backend ?? Backend(job.Scheduler)).Cancel(folder, job);
    }

    /// <summary>The saved results of a done task, in the order it saved them.</summary>
    public static IReadOnlyList<PredictionResult> Results(string folder, int index) => PredictionFile.Read(JobFolder.Output(Path.GetFullPath(folder), index));

    /// <summary>The last <paramref name="lines"/> lines of a task's log; empty where it has none.</summary>
    public static string LogTail(string folder, int index, int lines = 15)
    {
        string path = JobFolder.Log(Path.GetFullPath(folder), index);
        if (!File.Exists(path)) return "";
        var all = File.ReadAllLines(path);
        return string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)));
    }
}
