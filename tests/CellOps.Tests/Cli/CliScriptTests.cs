using Xunit;

namespace CellOps.Tests.Cli;

public sealed class CliScriptTests : IDisposable
{
    private readonly ScriptFolder _scripts = new();

    public void Dispose() => _scripts.Dispose();

    [Fact]
    public void ScriptArgumentsBindToItsParamBlock()
    {
        var script = _scripts.Write("greet.ps1", """
            param([string]$Name, [int]$Count = 1, [switch]$Loud, [string]$Tail = 'end')
            foreach ($i in 1..$Count) { "Hello $Name $i" + $(if ($Loud) { '!' } else { '' }) }
            $Tail
            """);

        var result = CliProcess.Run(script, "World", "-Count", "2", "-Loud", "-Tail:done");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Hello World 1!\nHello World 2!\ndone\n", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void SwitchCanBeTurnedOffAndDoubleDashMakesWordsPositional()
    {
        var script = _scripts.Write("flags.ps1", """
            param([switch]$Loud, [string]$First, [string]$Second)
            "$Loud|$First|$Second"
            """);

        var result = CliProcess.Run(script, "-Loud:$false", "--", "-x", "-5");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("False|-x|-5\n", result.Output);
    }

    [Fact]
    public void CommandOptionRunsText()
    {
        var result = CliProcess.Run("-NoProfile", "-Command", "'{0}-{1}' -f 1, 2");
        var shortForm = CliProcess.Run("-c", "1 + 1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("1-2\n", result.Output);
        Assert.Equal("2\n", shortForm.Output);
    }

    [Fact]
    public void ObjectsAreFormattedAsPlainTextWhenRedirected()
    {
        var result = CliProcess.Run("-c", "[pscustomobject]@{ Name = 'cell'; Area = 42 }");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"Name\s+Area\n-+\s+-+\ncell\s+42", result.Output);
        Assert.DoesNotContain('\u001b', result.Output);
    }

    [Fact]
    public void CellOpsModuleIsImported()
    {
        var result = CliProcess.Run("-c", "(Get-Module CellOps).Name; (Get-Command -Module CellOps -CommandType Cmdlet, Function).Count -ge 0");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("CellOps\nTrue\n", result.Output);
    }

    [Fact]
    public void WarningsAndVerboseGoToStderrWithPrefixes()
    {
        var script = _scripts.Write("chatty.ps1", """
            [CmdletBinding()] param()
            $PSCmdlet.WriteWarning('careful')
            $PSCmdlet.WriteVerbose('details')
            $PSCmdlet.WriteInformation('progress note', @('CellOps'))
            $PSCmdlet.WriteProgress([System.Management.Automation.ProgressRecord]::new(1, 'Tiling', 'tile 1 of 4'))
            'result'
            """);

        var result = CliProcess.Run(script, "-Verbose", "-InformationAction", "Continue");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("result\n", result.Output);
        Assert.Contains("WARNING: careful\n", result.Error);
        Assert.Contains("VERBOSE: details\n", result.Error);
        Assert.Contains("progress note\n", result.Error);
        Assert.DoesNotContain("Tiling", result.Error);
    }

    [Fact]
    public void LauncherWorksFromAnotherDirectory()
    {
        var result = CliProcess.Run(new CliStart
        {
            Arguments = ["-c", "$PWD.Path"],
            WorkingDirectory = _scripts.Path,
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Path.GetFullPath(_scripts.Path).TrimEnd('/'), result.Output.TrimEnd('\n'));
    }

    [Fact]
    public void MandatoryParameterIsReadFromStdin()
    {
        var script = _scripts.Write("ask.ps1", """
            param([Parameter(Mandatory)][string]$Name)
            "Hello $Name"
            """);

        var answered = CliProcess.Run(new CliStart { Arguments = [script], Input = "World\n" });
        var refused = CliProcess.Run(new CliStart { Arguments = ["-NonInteractive", script], Input = "World\n" });

        Assert.True(answered.ExitCode == 0, answered.ToString());
        Assert.Equal("Hello World\n", answered.Output);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("missing mandatory parameters: Name", refused.Error);
        Assert.DoesNotContain("Supply values", refused.Error);
    }
}
