namespace CellOps.Cli;

/// <summary>
/// Cmdlets that come with full PowerShell but not with the engine cellops embeds. A script that
/// calls one of them is told to run in pwsh, rather than that the command does not exist.
/// </summary>
internal static class FullPowerShellCmdlets
{
    public const string ErrorId = "FullPowerShellRequired";

    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        // Microsoft.PowerShell.Utility
        "Add-Member", "Add-Type", "Clear-Variable", "Compare-Object", "ConvertFrom-Csv", "ConvertFrom-Json",
        "ConvertFrom-Markdown", "ConvertFrom-SddlString", "ConvertFrom-StringData", "ConvertTo-Csv", "ConvertTo-Html",
        "ConvertTo-Json", "ConvertTo-Xml", "Debug-Runspace", "Disable-PSBreakpoint", "Disable-RunspaceDebug",
        "Enable-PSBreakpoint", "Enable-RunspaceDebug", "Export-Alias", "Export-Clixml", "Export-Csv",
        "Export-FormatData", "Export-PSSession", "Format-Custom", "Format-Hex", "Format-List", "Format-Table",
        "Format-Wide", "Get-Alias", "Get-Culture", "Get-Date", "Get-Error", "Get-Event", "Get-EventSubscriber",
        "Get-FileHash", "Get-FormatData", "Get-Host", "Get-Member", "Get-PSBreakpoint", "Get-PSCallStack",
        "Get-Random", "Get-Runspace", "Get-RunspaceDebug", "Get-SecureRandom", "Get-TraceSource", "Get-TypeData",
        "Get-UICulture", "Get-Unique", "Get-Uptime", "Get-Variable", "Group-Object", "Import-Alias",
        "Import-Clixml", "Import-Csv", "Import-LocalizedData", "Import-PowerShellDataFile", "Import-PSSession",
        "Invoke-Expression", "Invoke-RestMethod", "Invoke-WebRequest", "Join-String", "Measure-Command",
        "Measure-Object", "New-Alias", "New-Event", "New-Guid", "New-Object", "New-TemporaryFile", "New-TimeSpan",
        "New-Variable", "Out-File", "Out-GridView", "Out-Printer", "Out-String", "Read-Host", "Register-EngineEvent",
        "Register-ObjectEvent", "Remove-Alias", "Remove-Event", "Remove-PSBreakpoint", "Remove-TypeData",
        "Remove-Variable", "Select-Object", "Select-String", "Select-Xml", "Send-MailMessage", "Set-Alias",
        "Set-Date", "Set-MarkdownOption", "Set-PSBreakpoint", "Set-TraceSource", "Set-Variable", "Show-Command",
        "Show-Markdown", "Sort-Object", "Start-Sleep", "Tee-Object", "Test-Json", "Trace-Command",
        "Unblock-File", "Unregister-Event", "Update-FormatData", "Update-List", "Update-TypeData", "Wait-Debugger",
        "Wait-Event", "Write-Debug", "Write-Error", "Write-Host", "Write-Information", "Write-Output",
        "Write-Progress", "Write-Verbose", "Write-Warning",

        // Microsoft.PowerShell.Management
        "Add-Content", "Clear-Content", "Clear-Item", "Clear-ItemProperty", "Convert-Path", "Copy-Item",
        "Copy-ItemProperty", "Debug-Process", "Get-ChildItem", "Get-Clipboard", "Get-ComputerInfo", "Get-Content",
        "Get-Item", "Get-ItemProperty", "Get-ItemPropertyValue", "Get-Location", "Get-Process", "Get-PSDrive",
        "Get-PSProvider", "Get-Service", "Get-TimeZone", "Invoke-Item", "Join-Path", "Move-Item",
        "Move-ItemProperty", "New-Item", "New-ItemProperty", "New-PSDrive", "New-Service", "Pop-Location",
        "Push-Location", "Remove-Item", "Remove-ItemProperty", "Remove-PSDrive", "Rename-Computer", "Rename-Item",
        "Rename-ItemProperty", "Resolve-Path", "Restart-Computer", "Set-Clipboard", "Set-Content", "Set-Item",
        "Set-ItemProperty", "Set-Location", "Split-Path", "Start-Process", "Stop-Computer", "Stop-Process",
        "Test-Connection", "Test-Path", "Wait-Process",

        // Microsoft.PowerShell.Security
        "ConvertFrom-SecureString", "ConvertTo-SecureString", "Get-Acl", "Get-Credential", "Get-ExecutionPolicy",
        "Set-Acl", "Set-ExecutionPolicy",
    };

    /// <summary>True when <paramref name="commandName"/> names a full-PowerShell cmdlet, module-qualified or not.</summary>
    public static bool Contains(string commandName, out string cmdletName)
    {
        var slash = commandName.LastIndexOf('\\');
        cmdletName = slash >= 0 ? commandName[(slash + 1)..] : commandName;
        if (Names.TryGetValue(cmdletName, out var canonical))
        {
            cmdletName = canonical;
            return true;
        }

        return false;
    }

    public static string Explain(string cmdletName) =>
        $"{cmdletName} is part of full PowerShell (pwsh 7.4+), which the cellops host does not include. " +
        $"Run this script in pwsh with 'Import-Module CellOps', or avoid {cmdletName}.";
}
