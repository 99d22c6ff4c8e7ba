using System.Globalization;

namespace CellOps.Runtime.Jobs;

/// <summary>
/// Runs a job's tasks as one Slurm job array (sbatch --array), asks squeue where they stand (sacct needs an
/// accounting database that small clusters lack), and cancels with scancel.
/// </summary>
public sealed class SlurmJobBackend : IJobBackend
{
    private const string Prefix = "slurm:";

    // What a task needs of the submitting session's environment; every CELLOPS_ variable goes too.
    private static readonly string[] Passed =
        ["PATH", "HOME", "USER", "LANG", "LC_ALL", "TMPDIR", "PSModulePath", "DOTNET_ROOT", "NO_COLOR", "POWERSHELL_TELEMETRY_OPTOUT", "POWERSHELL_UPDATECHECK"];

    /// <inheritdoc />
    public string Name => "Slurm";

    /// <summary>The sbatch arguments for <paramref name="tasks"/> of <paramref name="job"/> (the batch script last).</summary>
    public static IReadOnlyList<string> SubmitArguments(string folder, JobManifest job, IReadOnlyList<int> tasks, IEnumerable<string> environment)
    {
        var r = job.Resources;
        string array = JobSharding.ArrayList(tasks) + (r.MaxParallel > 0 ? "%" + r.MaxParallel.ToString(CultureInfo.InvariantCulture) : "");
        var arguments = new List<string>
        {
            "--parsable",
            "--job-name=cellops-" + job.Name,
            "--array=" + array,
            "--chdir=" + folder,
            "--output=" + Path.Combine(folder, "logs", "task-%a.log"),
            "--cpus-per-task=" + r.Cpus.ToString(CultureInfo.InvariantCulture),
            "--export=" + string.Join(",", environment),
        };
        if (r.MemoryMB > 0) arguments.Add("--mem=" + r.MemoryMB.ToString(CultureInfo.InvariantCulture) + "M");
        if (r.TimeLimit is { } limit) arguments.Add("--time=" + TimeText(limit));
        if (r.Gpus > 0) arguments.Add("--gres=gpu:" + r.Gpus.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrWhiteSpace(r.Partition)) arguments.Add("--partition=" + r.Partition);
        arguments.Add(JobFolder.ShellScript(folder));
        return arguments;
    }

    /// <summary>A time limit as Slurm writes one: days-hours:minutes:seconds, rounded up to the minute.</summary>
    public static string TimeText(TimeSpan limit)
    {
        var minutes = TimeSpan.FromMinutes(Math.Max(1, Math.Ceiling(limit.TotalMinutes)));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)minutes.TotalDays}-{minutes.Hours:00}:{minutes.Minutes:00}:00");
    }

    /// <inheritdoc />
    public string Submit(string folder, JobManifest job, IReadOnlyList<int> tasks)
    {
        var environment = Passed.Where(name => Environment.GetEnvironmentVariable(name) is not null)
            .Concat(Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("CELLOPS_", StringComparison.Ordinal)).Order())
            .ToArray();
        var (exit, output, error) = CommandRunner.Run("sbatch", SubmitArguments(folder, job, tasks, environment));
        string id = output.Trim().Split(';')[0];
        if (exit != 0 || id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw new JobSchedulerException($"sbatch refused the job: {(error + output).Trim()}");
        return Prefix + id;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<int, JobTaskState> Held(string folder, JobManifest job)
    {
        var held = new Dictionary<int, JobTaskState>();
        foreach (var submission in job.Submissions.Where(s => s.Id.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            string id = submission.Id[Prefix.Length..];
            var (exit, output, error) = CommandRunner.Run("squeue", ["--noheader", "--array", "--jobs=" + id, "--format=%i %T"]);
            if (exit != 0)
            {
                // Slurm forgets a finished job after a while (MinJobAge); it then holds none of its tasks.
                if (error.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)) continue;
                throw new JobSchedulerException($"squeue could not say where job {id} stands: {error.Trim()}");
            }
            foreach (var (index, state) in ParseQueue(output, id))
            {
                if (index < job.Tasks.Count && job.Tasks[index].Submission == submission.Id) held[index] = state;
            }
        }
        return held;
    }

    /// <summary>The array elements of job <paramref name="id"/> in squeue's "%i %T" lines ("123_4 RUNNING", "123_[5-7%2] PENDING").</summary>
    public static IEnumerable<(int Index, JobTaskState State)> ParseQueue(string output, string id)
    {
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !parts[0].StartsWith(id + "_", StringComparison.Ordinal)) continue;
            var state = parts[1] is "PENDING" or "CONFIGURING" or "REQUEUED" or "REQUEUE_HOLD" ? JobTaskState.Pending : JobTaskState.Running;
            string element = parts[0][(id.Length + 1)..];
            if (element.StartsWith('['))
            {
                foreach (int index in ExpandRanges(element.Trim('[', ']').Split('%')[0])) yield return (index, state);
            }
            else if (int.TryParse(element, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                yield return (index, state);
            }
        }
    }

    /// <inheritdoc />
    public void Cancel(string folder, JobManifest job)
    {
        var ids = job.Submissions.Where(s => s.Id.StartsWith(Prefix, StringComparison.Ordinal)).Select(s => s.Id[Prefix.Length..]).ToArray();
        if (ids.Length == 0) return;
        var (exit, _, error) = CommandRunner.Run("scancel", ids);
        if (exit != 0 && !error.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
            throw new JobSchedulerException($"scancel {string.Join(' ', ids)} failed: {error.Trim()}");
    }

    private static IEnumerable<int> ExpandRanges(string list)
    {
        foreach (string part in list.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] ends = part.Split('-');
            if (!int.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out int from)) continue;
            int to = ends.Length > 1 && int.TryParse(ends[1], NumberStyles.None, CultureInfo.InvariantCulture, out int last) ? last : from;
            for (int i = from; i <= to; i++) yield return i;
        }
    }
}
