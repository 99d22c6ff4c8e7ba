namespace CellOps.Cli;

internal static class UsageText
{
    public const string Text = """
        Usage:
          cellops [options] FILE.ps1 [script arguments...]
          cellops [options] -Command '<PowerShell>'      (or -c; '-' reads the command from stdin)

        Runs a CellOps script without pwsh: the CellOps module is imported first and the results
        are printed with PowerShell's default formatting. Only the PowerShell engine's core cmdlets
        are available (ForEach-Object, Where-Object, Import-Module, Get-Command, ...); scripts that
        need Select-Object, Export-Csv and the like must run in pwsh with 'Import-Module CellOps'.

        Script arguments bind to the script's param() block: -Name value, -Name:value, -Switch,
        -Switch:$false, positional values, and '--' to make all later words positional.

        Options:
          -Command, -c TEXT   Run TEXT instead of a script file.
          -File, -f FILE      Run FILE (the same as giving FILE first).
          -NonInteractive     Fail any prompt instead of reading the answer from stdin.
          -NoProfile          Accepted for pwsh compatibility; cellops never loads profiles.
          -Version            Print the cellops and engine versions.
          -Help, -?, --help   Print this text.

        Environment:
          CELLOPS_MODULE_PATH  The CellOps module to import (a .psd1 or its folder).
          NO_COLOR             Print plain text, as when output is redirected.

        Exit codes: 0 success; 1 a terminating error, or any error written; N from 'exit N';
        64 bad command line or missing script; 69 CellOps module missing; 130 stopped by Ctrl+C.
        """;
}
