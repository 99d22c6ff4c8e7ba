using Xunit;

namespace CellOps.Tests.Cli;

public sealed class CliErrorTests : IDisposable
{
    private readonly ScriptFolder _scripts = new();

    public void Dispose() => _scripts.Dispose();

    [Fact]
    public void WrittenErrorGoesToStderrAndFailsTheRun()
    {
        var script = _scripts.Write("partial.ps1", """
            [CmdletBinding()] param()
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                [System.InvalidOperationException]::new('tile 3 is empty'), 'EmptyTile', 'InvalidData', $null))
            'carried on'
            """);

        var result = CliProcess.Run(script);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("carried on\n", result.Output);
        Assert.Equal("partial.ps1: tile 3 is empty\n", result.Error);
    }

    [Fact]
    public void ThrowFailsWithTheMessageOnly()
    {
        var script = _scripts.Write("throws.ps1", """
            function Invoke-Deep { throw 'model file is corrupt' }
            Invoke-Deep
            'not reached'
            """);

        var result = CliProcess.Run(script);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal("model file is corrupt\n", result.Error);
    }

    [Fact]
    public void ExitCodeOfTheScriptIsKept()
    {
        var script = _scripts.Write("exits.ps1", "'before'\nexit 3\n'after'\n");

        var fromScript = CliProcess.Run(script);
        var fromCommand = CliProcess.Run("-c", "exit 4");

        Assert.Equal(3, fromScript.ExitCode);
        Assert.Equal("before\n", fromScript.Output);
        Assert.Equal(4, fromCommand.ExitCode);
    }

    [Fact]
    public void FullPowerShellCmdletIsExplained()
    {
        var result = CliProcess.Run("-c", "1..3 | Select-Object -First 1; 'not reached'");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal(
            "Select-Object is part of full PowerShell (pwsh 7.4+), which the cellops host does not include. " +
            "Run this script in pwsh with 'Import-Module CellOps', or avoid Select-Object.\n",
            result.Error);
    }

    [Fact]
    public void ModuleQualifiedFullPowerShellCmdletIsExplained()
    {
        var result = CliProcess.Run("-c", @"Microsoft.PowerShell.Utility\Sort-Object");

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("Sort-Object is part of full PowerShell (pwsh 7.4+)", result.Error);
    }

    [Fact]
    public void UnknownCommandKeepsTheEngineMessage()
    {
        var result = CliProcess.Run("-c", "Invoke-Nonsense");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Invoke-Nonsense: The term 'Invoke-Nonsense' is not recognized", result.Error);
        Assert.DoesNotContain("full PowerShell", result.Error);
    }

    [Fact]
    public void ParseErrorShowsWhere()
    {
        var script = _scripts.Write("broken.ps1", "'fine'\nif ($true {\n");

        var result = CliProcess.Run(script);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains($"ParserError: {script}:2:", result.Error);
    }

    [Fact]
    public void MissingScriptFileIsReported()
    {
        var result = CliProcess.Run(Path.Combine(_scripts.Path, "absent.ps1"), "-Name", "x");

        Assert.Equal(64, result.ExitCode);
        Assert.Contains("absent.ps1' does not exist", result.Error);
    }

    [Fact]
    public void MissingModuleIsReported()
    {
        var result = CliProcess.Run(new CliStart
        {
            Arguments = ["-c", "1"],
            Environment = new Dictionary<string, string?> { ["CELLOPS_MODULE_PATH"] = _scripts.Path },
        });

        Assert.Equal(69, result.ExitCode);
        Assert.Contains("CellOps module was not found", result.Error);
    }

    [Fact]
    public void UsageAndVersion()
    {
        var help = CliProcess.Run("--help");
        var version = CliProcess.Run("-Version");
        var wrong = CliProcess.Run("-Bogus");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("cellops [options] FILE.ps1", help.Output);
        Assert.Equal(0, version.ExitCode);
        Assert.StartsWith("cellops ", version.Output);
        Assert.Equal(64, wrong.ExitCode);
        Assert.Contains("Unknown option '-Bogus'", wrong.Error);
    }
}
