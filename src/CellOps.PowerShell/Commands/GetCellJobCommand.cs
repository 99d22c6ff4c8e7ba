using System.Management.Automation;
using CellOps.Runtime.Jobs;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Shows where each task of a CellOps job stands: pending, running, done or failed.</para>
/// <para type="description">Reads the job folder's manifest and its tasks' reports, asks the scheduler (squeue for Slurm) which tasks it
/// still holds, and emits a CellJob whose Tasks say, per task, Pending, Running, Done or Failed, with its attempts, log and reason.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "CellJob")]
[OutputType(typeof(CellJob), typeof(CellJobTask))]
public sealed class GetCellJobCommand : JobCommand
{
    /// <summary>Emit the job's tasks (CellJobTask objects) rather than the job.</summary>
    [Parameter]
    public SwitchParameter Task { get; set; }

    /// <inheritdoc />
    protected override void Process(string folder)
    {
        var job = JobControl.Status(folder);
        if (Task) WriteObject(job.Tasks, enumerateCollection: true);
        else WriteObject(job);
    }
}
