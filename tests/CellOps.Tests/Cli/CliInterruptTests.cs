using Xunit;

namespace CellOps.Tests.Cli;

public sealed class CliInterruptTests : IDisposable
{
    private const int SigInt = 2;
    private readonly ScriptFolder _scripts = new();

    public void Dispose() => _scripts.Dispose();

    [Fact]
    public void InterruptStopsThePipelineWith130()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var script = _scripts.Write("forever.ps1", """
            try {
                'started'
                while ($true) { [System.Threading.Thread]::Sleep(20) }
            }
            finally {
                [Console]::Error.WriteLine('cleaned up')
            }
            """);
        using var process = CliProcess.Start(new CliStart { Arguments = [script] });
        Assert.True(process.WaitForOutputLine(TimeSpan.FromSeconds(30)), "the script never started");

        process.SendSignal(SigInt);
        var result = process.WaitForExit(TimeSpan.FromSeconds(10));

        Assert.Equal(130, result.ExitCode);
        Assert.Contains("cleaned up", result.Error);
    }
}
