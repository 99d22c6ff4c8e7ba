using CellOps.Runtime.Jobs;
using Xunit;

namespace CellOps.Tests.Runtime.Jobs;

public sealed class JobTaskStatusTests
{
    private static readonly JobTaskRecord Second = new() { Index = 0, Attempts = 2, Submission = "slurm:7" };

    private static TaskReport Report(int attempt, JobTaskState state, string? message = null) => new() { Attempt = attempt, State = state, Message = message };

    [Fact]
    public void The_report_of_the_latest_attempt_decides_done_and_failed()
    {
        Assert.Equal(JobTaskState.Done, JobTaskStatus.Resolve(Second, Report(2, JobTaskState.Done), null, false).State);
        Assert.Equal((JobTaskState.Failed, "bad file"), JobTaskStatus.Resolve(Second, Report(2, JobTaskState.Failed, "bad file"), null, false));
    }

    [Fact]
    public void A_report_of_an_earlier_attempt_counts_for_nothing()
    {
        Assert.Equal(JobTaskState.Pending, JobTaskStatus.Resolve(Second, Report(1, JobTaskState.Done), JobTaskState.Pending, false).State);
        Assert.Equal(JobTaskState.Failed, JobTaskStatus.Resolve(Second, Report(1, JobTaskState.Done), null, false).State);
    }

    [Fact]
    public void A_task_running_by_its_report_that_the_scheduler_no_longer_holds_was_stopped()
    {
        Assert.Equal(JobTaskState.Running, JobTaskStatus.Resolve(Second, Report(2, JobTaskState.Running), JobTaskState.Running, false).State);
        var (state, message) = JobTaskStatus.Resolve(Second, Report(2, JobTaskState.Running), null, false);
        Assert.Equal(JobTaskState.Failed, state);
        Assert.Contains("while it ran", message);
        Assert.Contains("cancelled by Stop-CellJob", JobTaskStatus.Resolve(Second, Report(2, JobTaskState.Running), null, true).Message);
    }

    [Fact]
    public void Without_a_report_the_scheduler_says_pending_or_it_ended_without_one()
    {
        Assert.Equal(JobTaskState.Pending, JobTaskStatus.Resolve(Second, null, JobTaskState.Pending, false).State);
        Assert.Contains("without a report", JobTaskStatus.Resolve(Second, null, null, false).Message);
        Assert.Equal((JobTaskState.Pending, "not submitted"), JobTaskStatus.Resolve(new JobTaskRecord(), null, null, false));
    }
}
