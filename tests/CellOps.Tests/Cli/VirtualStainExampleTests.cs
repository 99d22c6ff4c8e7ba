using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Cli;

/// <summary>
/// The README's main job, examples/cardiomyocyte-virtual-stain.ps1, in its reduced mode: the whole
/// pipeline on the shipped smears, through the cellops host, as CI runs it.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class VirtualStainExampleTests : IDisposable
{
    private readonly TempFolder _out = new();

    public void Dispose() => _out.Dispose();

    [Fact]
    public void The_quick_run_trains_predicts_stains_reports_and_prints_the_correlation()
    {
        string script = Path.Combine(RepoPaths.Examples, "cardiomyocyte-virtual-stain.ps1");
        using var process = CliProcess.Start(new CliStart { Arguments = [script, "-Quick", "-OutputDirectory", _out.Path] });
        var result = process.WaitForExit(TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"Pearson r, predicted \(positive tiles\) vs measured: -?\d\.\d{3}", result.Output);
        Assert.True(File.Exists(Path.Combine(_out.Path, "wbc-stain.cellmodel")));
        foreach (int smear in new[] { 12, 13, 14, 15 })
        {
            foreach (var suffix in new[] { ".probability.tif", ".stain.tif", ".overlay.png" })
                Assert.True(File.Exists(Path.Combine(_out.Path, "stains", $"BloodImage_000{smear}{suffix}")), $"{smear}{suffix}");
        }
        foreach (var name in new[] { "metrics.json", "roc.png", "confusion.png", "training.png", "efficiency.png", "efficiency.csv" })
            Assert.True(File.Exists(Path.Combine(_out.Path, "report", name)), name);
    }
}
