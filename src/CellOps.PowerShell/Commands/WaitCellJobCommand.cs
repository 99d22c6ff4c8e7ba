using System.Management.Automation;
using CellOps.Runtime.Jobs;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Waits until no task of a CellOps job is pending or running.</para>
/// <para type="description">Polls the job (as Get-CellJob does) with a progress bar of its tasks and emits the CellJob once it has
/// finished, or when -Timeout passes (with a warning). Ctrl+C stops the waiting, not the job: Stop-CellJob cancels it.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "CellJob")]
[OutputType(typeof(CellJob))]
public sealed class WaitCellJobCommand : JobCommand, IDisposable
{
    private const int ProgressId = 12;
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Seconds to wait at most; -1 (the default) waits as long as it takes.</summary>
    [Parameter]
    [ValidateRange(-1, int.MaxValue)]
    public int Timeout { get; set; } = -1;

    /// <summary>Seconds between looks at the job.</summary>
    [Parameter]
    [ValidateRange(0.1, 3600)]
    public double PollInterval { get; set; } = 1;

    /// <inheritdoc />
    protected override void Process(string folder)
    {
        var deadline = Timeout < 0 ? DateTime.MaxValue : DateTime.UtcNow.AddSeconds(Timeout);
        string activity = $"Waiting for job {System.IO.Path.GetFileName(folder)}";
        try
        {
            while (true)
            {
                var job = JobControl.Status(folder);
                if (job.Finished)
                {
                    WriteObject(job);
                    return;
                }
                if (DateTime.UtcNow >= deadline)
                {
                    WriteWarning($"{job.Name} has not finished after {Timeout} s: {job.Running} running, {job.Pending} pending.");
                    WriteObject(job);
                    return;
                }
                WriteProgress(new ProgressRecord(ProgressId, activity,
                    $"{job.Done} done, {job.Failed} failed, {job.Running} running, {job.Pending} pending of {job.TaskCount} tasks")
                {
                    PercentComplete = (job.Done + job.Failed) * 100 / Math.Max(1, job.TaskCount),
                });
                if (_stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(PollInterval)))
                {
                    // The pipeline is stopping, so its streams are closed; the host still shows a line.
                    Host.UI.WriteWarningLine($"Stopped waiting; {job.Name} goes on ({job.Running} running, {job.Pending} pending). Stop-CellJob -JobPath '{folder}' cancels it.");
                    return;
                }
            }
        }
        finally
        {
            WriteProgress(new ProgressRecord(ProgressId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _stop.Cancel();

    /// <inheritdoc />
    public void Dispose() => _stop.Dispose();
}
