using System.Management.Automation;

namespace CellOps.Cli;

/// <summary>
/// Turns a call to a cmdlet of full PowerShell into an error that says why it is missing. The error
/// is thrown, so the script stops there instead of carrying on with a result it never got.
/// </summary>
internal static class MissingCommandAdvisor
{
    public static void OnCommandNotFound(object? sender, CommandLookupEventArgs e)
    {
        if (!FullPowerShellCmdlets.Contains(e.CommandName, out var cmdlet))
        {
            return;
        }

        var message = FullPowerShellCmdlets.Explain(cmdlet).Replace("'", "''", StringComparison.Ordinal);
        e.CommandScriptBlock = ScriptBlock.Create(
            "$exception = [System.Management.Automation.CommandNotFoundException]::new('" + message + "')\n" +
            "throw [System.Management.Automation.ErrorRecord]::new($exception, '" + FullPowerShellCmdlets.ErrorId + "', " +
            "[System.Management.Automation.ErrorCategory]::ObjectNotFound, '" + cmdlet + "')");
        e.StopSearch = true;
    }
}
