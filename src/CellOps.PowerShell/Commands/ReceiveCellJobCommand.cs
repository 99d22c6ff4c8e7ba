using System.Management.Automation;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Jobs;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Gathers the predictions of a CellOps job's finished tasks.</para>
/// <para type="description">Reads every done task's saved results and emits them as one PredictionResult over all its micrographs, in
/// input order, as Invoke-CellModel on the same micrographs gives (with -PerTask, one per task). A failed task is a non-terminating error
/// carrying the end of its log; a task still pending or running is a non-terminating error too (Wait-CellJob first).</para>
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "CellJob")]
[OutputType(typeof(PredictionResult))]
public sealed class ReceiveCellJobCommand : JobCommand
{
    /// <summary>Emit each task's results as they were saved rather than one result over the whole job.</summary>
    [Parameter]
    public SwitchParameter PerTask { get; set; }

    /// <inheritdoc />
    protected override void Process(string folder)
    {
        var job = JobControl.Status(folder);
        if (job.Kind == JobKind.TrainingTrial)
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"{folder} holds the trials of a hyperparameter search, not predictions: Start-CellTraining -Optimize emitted the trials " +
                                              "and wrote the best one's package; each trial's own package is results/task-N.cellmodel there."),
                "NotPredictionJob", ErrorCategory.InvalidType, folder));
            return;
        }
        var results = new List<PredictionResult>();
        foreach (var task in job.Tasks)
        {
            switch (task.State)
            {
                case JobTaskState.Done:
                    try
                    {
                        results.AddRange(JobControl.Results(folder, task.Index));
                    }
                    catch (Exception ex) when (ex is IOException or InvalidDataException)
                    {
                        WriteError(new ErrorRecord(ex, "TaskResultsUnreadable", ErrorCategory.ReadError, task));
                    }
                    break;
                case JobTaskState.Failed:
                    string tail = JobControl.LogTail(folder, task.Index);
                    WriteError(new ErrorRecord(
                        new InvalidOperationException($"Task {task.Index} of {job.Name} failed ({task.Message}) after {task.Attempts} attempt(s); " +
                            $"Submit-CellJob -JobPath {folder} -Resume runs it again. Its log {task.Log} ends:{Environment.NewLine}{tail}"),
                        "TaskFailed", ErrorCategory.InvalidResult, task));
                    break;
                default:
                    WriteError(new ErrorRecord(
                        new InvalidOperationException($"Task {task.Index} of {job.Name} is {task.State.ToString().ToLowerInvariant()}; Wait-CellJob waits for it."),
                        "TaskNotFinished", ErrorCategory.ResourceBusy, task));
                    break;
            }
        }
        if (results.Count == 0) return;
        if (PerTask)
        {
            WriteObject(results, enumerateCollection: true);
            return;
        }
        try
        {
            WriteObject(PredictionFile.Combine(results));
        }
        catch (ArgumentException ex)
        {
            WriteError(new ErrorRecord(ex, "ResultsNotCombined", ErrorCategory.InvalidData, folder));
            WriteObject(results, enumerateCollection: true);
        }
    }
}
