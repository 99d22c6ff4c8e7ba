using System.Management.Automation;
using CellOps.Runtime.Jobs;

namespace CellOps.PowerShell.Internal;

/// <summary>How a job's tasks start: the pwsh and the CellOps build of the session that submits them.</summary>
internal static class TaskLauncher
{
    /// <summary>The launcher of <paramref name="cmdlet"/>'s session (a terminating error where no pwsh is found).</summary>
    public static JobLauncher ForSession(PSCmdlet cmdlet)
    {
        string psHome = cmdlet.SessionState.PSVariable.GetValue("PSHOME") as string ?? AppContext.BaseDirectory;
        var module = cmdlet.MyInvocation.MyCommand.Module;
        string modulePath = module?.Path ?? typeof(TaskLauncher).Assembly.Location;
        if (!modulePath.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase) && module?.ModuleBase is { } home
            && File.Exists(Path.Combine(home, "CellOps.psd1")))
        {
            modulePath = Path.Combine(home, "CellOps.psd1");
        }
        try
        {
            return JobLauncher.ForThisProcess(psHome, modulePath);
        }
        catch (InvalidOperationException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "PwshNotFound", ErrorCategory.ObjectNotFound, psHome));
            throw;
        }
    }
}
