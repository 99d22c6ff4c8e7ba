using System.Management.Automation;
using CellOps.PowerShell.Internal;
using CellOps.Runtime.Jobs;

namespace CellOps.PowerShell.Commands;

/// <summary>What the cmdlets that act on an existing job share: -JobPath (or a CellJob piped in) and its errors.</summary>
public abstract class JobCommand : PSCmdlet
{
    /// <summary>The job folder(s); binds CellJob objects (their Path) and strings from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Path")]
    [ValidateNotNullOrEmpty]
    public string[] JobPath { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (string argument in JobPath)
        {
            string folder = FileSystemPaths.ToFullPath(this, argument);
            if (!JobFolder.IsJob(folder))
            {
                WriteError(new ErrorRecord(new DirectoryNotFoundException($"{folder} holds no CellOps job (no job.json); Submit-CellJob makes one."),
                    "JobNotFound", ErrorCategory.ObjectNotFound, folder));
                continue;
            }
            try
            {
                Process(folder);
            }
            catch (JobSchedulerException ex)
            {
                WriteError(new ErrorRecord(ex, "SchedulerFailed", ErrorCategory.ResourceUnavailable, folder));
            }
            catch (InvalidDataException ex)
            {
                WriteError(new ErrorRecord(ex, "JobDamaged", ErrorCategory.InvalidData, folder));
            }
        }
    }

    /// <summary>Acts on the job in <paramref name="folder"/> (a full path that holds a job).</summary>
    protected abstract void Process(string folder);
}
