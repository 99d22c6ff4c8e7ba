using System.Diagnostics;
using System.Globalization;

namespace CellOps.Runtime.Jobs;

/// <summary>
/// Runs a job's tasks as processes on this machine: a driver (in its own process group, so it outlives the session
/// that submitted it and can be stopped whole) starts task.sh for each task, a few at once.
/// </summary>
public sealed class LocalJobBackend : IJobBackend
{
    private const string Prefix = "local:";

    /// <inheritdoc />
    public string Name => "Local";

    /// <inheritdoc />
    public string Submit(string folder, JobManifest job, IReadOnlyList<int> tasks)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            throw new JobSchedulerException("The local scheduler runs tasks with sh and setsid, which this system lacks.");
        int parallel = job.Resources.MaxParallel > 0
            ? job.Resources.MaxParallel
            : Math.Max(1, Environment.ProcessorCount / Math.Max(1, job.Resources.Cpus));
        string script = JobScripts.ShellQuote(JobFolder.ShellScript(folder));
        string logs = JobScripts.ShellQuote(Path.Combine(folder, "logs"));
        // The driver says its own pid: setsid(1) forks whenever its caller happens to lead a process group, and
        // then the pid Process.Start returns is a parent that has already exited (the job looked dead at once).
        string pidFile = Path.Combine(folder, "logs", $"driver-{Guid.NewGuid():N}.pid");
        // xargs stops at a task killed by a signal; the wrapper's own exit keeps it going to the next.
        string driver = $"echo $$ > {JobScripts.ShellQuote(pidFile + ".new")} && mv {JobScripts.ShellQuote(pidFile + ".new")} {JobScripts.ShellQuote(pidFile)}; exec </dev/null >/dev/null 2>&1; " +
            $"printf '%s\\n' {string.Join(' ', tasks.Select(t => t.ToString(CultureInfo.InvariantCulture)))} | " +
            $"xargs -P {parallel.ToString(CultureInfo.InvariantCulture)} -I '{{}}' sh -c 'sh \"$0\" \"$1\" >\"$2/task-$1.log\" 2>&1; exit 0' {script} '{{}}' {logs}";
        // --fork always, so the driver leads its own session and process group (Cancel signals the group).
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = folder };
        foreach (string argument in new[] { "--fork", "sh", "-c", driver, folder }) start.ArgumentList.Add(argument);
        try
        {
            using (var process = Process.Start(start) ?? throw new JobSchedulerException("The local task driver did not start."))
            {
                process.WaitForExit();
            }
            return Prefix + DriverPid(pidFile).ToString(CultureInfo.InvariantCulture);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new JobSchedulerException($"The local task driver could not be started: {ex.Message}", ex);
        }
    }

    // The pid the driver wrote (whole, by a rename) as its first act, moments after the fork.
    private static int DriverPid(string pidFile)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(pidFile))
        {
            if (DateTime.UtcNow > deadline) throw new JobSchedulerException($"The local task driver did not start: it never wrote {pidFile}.");
            Thread.Sleep(10);
        }
        string text = File.ReadAllText(pidFile).Trim();
        File.Delete(pidFile);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            ? pid
            : throw new JobSchedulerException($"The local task driver wrote '{text}' as its process id.");
    }

    public IReadOnlyDictionary<int, JobTaskState> Held(string folder, JobManifest job)
    {
        var held = new Dictionary<int, JobTaskState>();
        foreach (var submission in job.Submissions)
        {
            if (!Alive(submission, folder)) continue;
            foreach (int index in submission.Tasks)
            {
                var task = job.Tasks[index];
                if (task.Submission != submission.Id) continue;
                var report = JobFolder.ReadReport(folder, index);
                if (report is null || report.Attempt != task.Attempts) held[index] = JobTaskState.Pending;
                else if (report.State == JobTaskState.Running && Directory.Exists($"/proc/{report.ProcessId}")) held[index] = JobTaskState.Running;
            }
        }
        return held;
    }

    /// <inheritdoc />
    public void Cancel(string folder, JobManifest job)
    {
        foreach (var submission in job.Submissions)
        {
            if (!Alive(submission, folder)) continue;
            // The driver leads its own process group: the signal reaches it and every task it started.
            var (exit, _, error) = CommandRunner.Run("kill", ["-TERM", "--", "-" + submission.Id[Prefix.Length..]]);
            if (exit != 0 && Alive(submission, folder)) throw new JobSchedulerException($"The local tasks of {job.Name} could not be stopped: {error.Trim()}");
        }
    }

    // A driver still runs where its process exists and its command line names this job folder (process ids are reused).
    private static bool Alive(JobSubmission submission, string folder)
    {
        if (!submission.Id.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        string cmdline = $"/proc/{submission.Id[Prefix.Length..]}/cmdline";
        try
        {
            return File.Exists(cmdline) && File.ReadAllText(cmdline).Contains(folder, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
