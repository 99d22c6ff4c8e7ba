using CellOps.Runtime.Jobs;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Jobs;

public sealed class JobControlTests
{
    // A scheduler that runs nothing: it records what it was given and holds what the test says.
    private sealed class RecordingBackend : IJobBackend
    {
        public List<int[]> Submitted { get; } = [];
        public Dictionary<int, JobTaskState> Holding { get; } = [];
        public bool Cancelled { get; private set; }
        public string Name => "Local";
        public string Submit(string folder, JobManifest job, IReadOnlyList<int> tasks)
        {
            Submitted.Add(tasks.ToArray());
            foreach (int t in tasks) Holding[t] = JobTaskState.Pending;
            return "local:" + Submitted.Count;
        }
        public IReadOnlyDictionary<int, JobTaskState> Held(string folder, JobManifest job) => Holding;
        public void Cancel(string folder, JobManifest job)
        {
            Cancelled = true;
            Holding.Clear();
        }
    }

    private static string NewJob(TempFolder temp, int inputs = 5, int tasks = 3)
    {
        string folder = temp.File("job");
        JobControl.Create(folder, "Local", "/models/cm.cellmodel", new Dictionary<string, string> { ["BatchSize"] = "8" },
            Enumerable.Range(0, inputs).Select(i => $"/data/m{i}.tif").ToArray(), tasks, new JobResources(), new JobLauncher("/usr/bin/pwsh", [], "/m/CellOps.psd1"));
        return folder;
    }

    private static void Finish(string folder, int index, JobTaskState state, string? message = null)
    {
        var job = JobFolder.Load(folder);
        JobFolder.WriteReport(folder, index, new TaskReport { Attempt = job.Tasks[index].Attempts, State = state, Message = message });
    }

    [Fact]
    public void A_new_job_records_its_inputs_shards_parameters_and_scripts()
    {
        using var temp = new TempFolder();
        string folder = NewJob(temp);
        var job = JobFolder.Load(folder);
        Assert.Equal("job", job.Name);
        Assert.Equal([[0, 1], [2, 3], [4]], job.Tasks.Select(t => t.Inputs));
        Assert.Equal(Path.Combine(folder, "logs", "task-2.log"), job.Tasks[2].Log);
        Assert.Equal(Path.Combine(folder, "results", "task-2.json"), job.Tasks[2].Output);
        Assert.Equal("8", job.Parameters["BatchSize"]);
        Assert.Contains("Import-Module -Name '/m/CellOps.psd1'", File.ReadAllText(JobFolder.TaskScript(folder)));
        Assert.Contains("exec '/usr/bin/pwsh' '-NoProfile'", File.ReadAllText(JobFolder.ShellScript(folder)));
        Assert.Throws<IOException>(() => NewJob(temp));
    }

    [Fact]
    public void Resubmitting_runs_only_the_failed_tasks_and_counts_their_attempts()
    {
        using var temp = new TempFolder();
        string folder = NewJob(temp);
        var backend = new RecordingBackend();
        Assert.Equal([0, 1, 2], JobControl.Submit(folder, backend).Submitted);
        backend.Holding.Clear();
        Finish(folder, 0, JobTaskState.Done);
        Finish(folder, 1, JobTaskState.Failed, "damaged file");
        Finish(folder, 2, JobTaskState.Done);

        var before = JobControl.Status(folder, backend);
        Assert.Equal((2, 1, JobTaskState.Failed), (before.Done, before.Failed, before.State));
        Assert.Equal("damaged file", before.Tasks[1].Message);

        // The scheduler may list a task a moment after it reported its end: the report decides.
        backend.Holding[1] = JobTaskState.Running;
        Assert.Equal([1], JobControl.Submit(folder, backend).Submitted);
        var after = JobControl.Status(folder, backend);
        Assert.Equal([1, 2, 1], after.Tasks.Select(t => t.Attempts));
        Assert.Equal(JobTaskState.Pending, after.Tasks[1].State);
        Assert.Equal(["local:1", "local:2"], after.Submissions);
    }

    [Fact]
    public void Tasks_still_held_are_not_submitted_again_and_exhausted_ones_are_refused()
    {
        using var temp = new TempFolder();
        string folder = NewJob(temp, inputs: 2, tasks: 2);
        var backend = new RecordingBackend();
        JobControl.Submit(folder, backend);
        backend.Holding.Remove(1);
        Finish(folder, 1, JobTaskState.Failed);
        var (submitted, exhausted) = JobControl.Submit(folder, backend, maxAttempts: 1);
        Assert.Empty(submitted);
        Assert.Equal([1], exhausted);
    }

    [Fact]
    public void Cancelling_marks_the_job_and_stops_what_the_scheduler_holds()
    {
        using var temp = new TempFolder();
        string folder = NewJob(temp, inputs: 2, tasks: 2);
        var backend = new RecordingBackend();
        JobControl.Submit(folder, backend);
        JobControl.Cancel(folder, backend);
        Assert.True(backend.Cancelled);
        var job = JobControl.Status(folder, backend);
        Assert.All(job.Tasks, t => Assert.Contains("cancelled by Stop-CellJob", t.Message));
        Assert.True(job.Finished);
    }
}
