using CellOps.Runtime.Jobs;
using Xunit;

namespace CellOps.Tests.Runtime.Jobs;

public sealed class SlurmJobBackendTests
{
    [Fact]
    public void The_resources_become_sbatch_options_of_one_array()
    {
        var job = new JobManifest
        {
            Name = "plate1",
            Resources = new JobResources(Cpus: 4, MemoryMB: 8000, TimeLimit: TimeSpan.FromMinutes(90.5), Gpus: 1, MaxParallel: 2, Partition: "gpu"),
        };
        var arguments = SlurmJobBackend.SubmitArguments("/lab/jobs/p1", job, [0, 1, 2, 5], ["PATH", "CELLOPS_DEVICE"]);
        Assert.Equal(
            ["--parsable", "--job-name=cellops-plate1", "--array=0-2,5%2", "--chdir=/lab/jobs/p1", "--output=/lab/jobs/p1/logs/task-%a.log",
             "--cpus-per-task=4", "--export=PATH,CELLOPS_DEVICE", "--mem=8000M", "--time=0-01:31:00", "--gres=gpu:1", "--partition=gpu",
             "/lab/jobs/p1/task.sh"],
            arguments);
    }

    [Fact]
    public void Options_left_at_their_defaults_are_left_to_the_cluster()
    {
        var arguments = SlurmJobBackend.SubmitArguments("/j", new JobManifest { Name = "j" }, [0, 1], ["PATH"]);
        Assert.DoesNotContain(arguments, a => a.StartsWith("--mem", StringComparison.Ordinal) || a.StartsWith("--time", StringComparison.Ordinal)
            || a.StartsWith("--gres", StringComparison.Ordinal) || a.StartsWith("--partition", StringComparison.Ordinal));
        Assert.Contains("--array=0-1", arguments);
    }

    [Fact]
    public void Squeue_lines_give_each_array_element_its_state()
    {
        const string output = "12_0 RUNNING\n12_1 COMPLETING\n12_[3-4,6%2] PENDING\n13_0 RUNNING\n";
        Assert.Equal(
            [(0, JobTaskState.Running), (1, JobTaskState.Running), (3, JobTaskState.Pending), (4, JobTaskState.Pending), (6, JobTaskState.Pending)],
            SlurmJobBackend.ParseQueue(output, "12").ToArray());
    }

    [Fact]
    public void Time_limits_are_rounded_up_to_the_minute_with_days()
    {
        Assert.Equal("0-00:01:00", SlurmJobBackend.TimeText(TimeSpan.FromSeconds(5)));
        Assert.Equal("2-03:00:00", SlurmJobBackend.TimeText(TimeSpan.FromHours(51)));
    }
}
