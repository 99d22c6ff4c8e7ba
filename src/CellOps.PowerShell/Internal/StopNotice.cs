using System.Management.Automation;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// Tells the user how a command ended after Ctrl+C. The stopping pipeline takes no more records
/// (every Write* call throws), so the note goes to the host directly: the user should still learn
/// what was kept (a checkpoint, the best trial's package) and how to continue.
/// </summary>
internal static class StopNotice
{
    public static void Warn(PSCmdlet cmdlet, string note)
    {
        if (!cmdlet.Stopping)
        {
            cmdlet.WriteWarning(note);
            return;
        }
        try
        {
            cmdlet.Host?.UI?.WriteWarningLine(note);
        }
        catch (Exception ex) when (ex is NotImplementedException or NotSupportedException or InvalidOperationException)
        {
            // A host without a console UI: what was kept is kept all the same.
        }
    }
}
