using System.Management.Automation;
using CellOps.Runtime.Jobs;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Cancels the pending and running tasks of a CellOps job.</para>
/// <para type="description">Slurm jobs are cancelled with scancel (the whole array); local ones by stopping their driver's process group.
/// Finished tasks keep their results; Submit-CellJob -Resume runs the rest again.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "CellJob", SupportsShouldProcess = true)]
[OutputType(typeof(CellJob))]
public sealed class StopCellJobCommand : JobCommand
{
    /// <summary>Emit the job after cancelling it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void Process(string folder)
    {
        if (!ShouldProcess(folder, "Cancel the job's pending and running tasks")) return;
        JobControl.Cancel(folder);
        if (PassThru) WriteObject(JobControl.Status(folder));
    }
}
