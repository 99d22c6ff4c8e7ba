using CellOps.Tests.PowerShell;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Cli;

/// <summary>
/// examples/leukocyte-classification.ps1 through the cellops host. Its real data lies beside the
/// repository (../shared/data/wbc-bccd), which CI does not have, so the run here is on a miniature
/// of the same layout; the missing data must be a clear error.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class LeukocyteExampleTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.Examples, "leukocyte-classification.ps1");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Without_the_data_set_the_example_says_where_it_looked_and_how_to_point_it_elsewhere()
    {
        var result = CliProcess.Run(Script, "-DataPath", _folder.File("nowhere"), "-Quick");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("wbc-bccd", result.Error);
        Assert.Contains("-DataPath", result.Error);
    }

    [Fact]
    public void The_quick_run_on_crops_in_type_folders_compares_both_imbalance_remedies()
    {
        var colours = new (byte, byte, byte)[] { (70, 40, 120), (220, 90, 40), (40, 40, 200), (120, 160, 210), (150, 60, 170) };
        string[] types = { "Basophil", "Eosinophil", "Lymphocyte", "Monocyte", "Neutrophil" };
        for (int k = 0; k < types.Length; k++)
        {
            for (int i = 0; i < 3; i++)
                WholeImageTileSetTests.WriteCrop(_folder.File(Path.Combine("wbc", "BCCD_cropped", types[k])), $"BloodImage_{k}{i}.jpg", 48, colours[k]);
        }

        using var process = CliProcess.Start(new CliStart
        {
            Arguments = [Script, "-DataPath", _folder.File("wbc"), "-OutputDirectory", _folder.File("out"), "-Quick"],
        });
        var result = process.WaitForExit(TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"weighted loss\s+\d\.\d{3}\s+\d\.\d{3}", result.Output);
        Assert.Matches(@"balanced sampling\s+\d\.\d{3}\s+\d\.\d{3}", result.Output);
        Assert.True(File.Exists(_folder.File(Path.Combine("out", "wnet-balanced.cellmodel"))));
        Assert.True(File.Exists(_folder.File(Path.Combine("out", "wnet-weighted-report", "confusion.png"))));
    }
}
