using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Scripts;

/// <summary>
/// Two pwsh processes exporting the same micrographs into one folder without -Force: every file is
/// written by exactly one of them and the other is told OutputExists, never a silent replacement.
/// </summary>
public sealed class ConcurrentExportTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Of_two_processes_exporting_into_one_folder_each_file_is_written_once_and_the_other_gets_OutputExists()
    {
        string output = _folder.File("out");
        string go = _folder.File("go");
        // Both import first and wait at the barrier, so that their writes overlap.
        string script =
            "$m = Import-Micrograph examples/data/bccd/*.jpg; " +
            $"while (-not [IO.File]::Exists('{go}')) {{ Start-Sleep -Milliseconds 20 }}; " +
            $"$w = $m | Export-Micrograph -OutputDirectory '{output}' -PassThru -ErrorVariable e -ErrorAction SilentlyContinue; " +
            "'written=' + @($w).Count; 'exists=' + @($e | Where-Object FullyQualifiedErrorId -like 'OutputExists*').Count; 'errors=' + @($e).Count";
        using var first = PwshProcess.Start(new PwshStart { Arguments = ["-Command", script] });
        using var second = PwshProcess.Start(new PwshStart { Arguments = ["-Command", script] });
        Thread.Sleep(TimeSpan.FromSeconds(3));
        File.WriteAllText(go, "");
        var results = new[] { first.WaitForExit(TimeSpan.FromMinutes(2)), second.WaitForExit(TimeSpan.FromMinutes(2)) };

        int smears = Directory.GetFiles(Path.Combine(RepoPaths.Examples, "data", "bccd"), "*.jpg").Length;
        int written = 0;
        foreach (var result in results)
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            int Count(string key) => int.Parse(result.Output.Split('\n').Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..]);
            written += Count("written");
            Assert.Equal(Count("errors"), Count("exists"));
            Assert.Equal(smears, Count("written") + Count("exists"));
        }
        Assert.Equal(smears, written);
        var files = Directory.GetFiles(output);
        Assert.Equal(smears, files.Length);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 1000, f));
    }
}
