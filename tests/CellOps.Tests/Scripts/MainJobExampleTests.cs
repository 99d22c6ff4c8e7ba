using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Scripts;

/// <summary>
/// The README's main job, examples/cardiomyocyte-virtual-stain.ps1, in its reduced mode in real pwsh
/// (eng/pwsh) on the real motor-neuron images it ships (examples/data/isl-motor-neurons), as CI runs it. A
/// pipeline that lost the pairing of phase contrast and MAP2, the spatial hold-out or the labels would
/// fail these bounds: a model that ignores its input has AUC 0.5 and no efficiency correlation.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class MainJobExampleTests : IDisposable
{
    private readonly TempFolder _out = new();

    public void Dispose() => _out.Dispose();

    [Fact]
    public void The_quick_run_holds_out_16_fields_scores_cnn_and_baseline_writes_stains_and_report_and_prints_r()
    {
        string script = Path.Combine(RepoPaths.Examples, "cardiomyocyte-virtual-stain.ps1");
        using var process = PwshProcess.Start(new PwshStart { Arguments = [script, "-Quick", "-OutputDirectory", _out.Path] });
        var result = process.WaitForExit(TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("48 training fields, 16 held-out fields", result.Output);
        string report = Path.Combine(_out.Path, "report");
        double[] Column(string name) => ExampleOutput.EfficiencyColumn(report, name);
        var measured = Column("measured_efficiency");
        Assert.Equal(16, measured.Length);

        // Observed with seed 1 (two trials of four epochs): CNN AUC 0.955 and area r 0.770 over 144 tiles
        // and 16 fields; the texture baseline (30 epochs, best kept) 0.961 and 0.908.
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(report, "metrics.json")));
        double auc = metrics.RootElement.GetProperty("rocAuc").GetDouble();
        Assert.True(auc > 0.8, $"ROC AUC {auc:0.000}");
        double areaR = ExampleOutput.Printed(result.Output, @"Pearson r, predicted \(positive area\)  vs measured: ");
        Assert.True(areaR > 0.5, $"area r {areaR:0.000}");
        Assert.Equal(HandStatistics.Pearson(Column("predicted_area"), measured), areaR, 3);
        Assert.Matches(@"TextureBaseline\s+0\.\d{3}\s+0\.\d{3}\s+0\.\d{3}", result.Output);

        foreach (var file in new[] { "map2-stain.cellmodel", "texture-baseline.cellmodel" })
            Assert.True(File.Exists(Path.Combine(_out.Path, file)), file);
        Assert.Equal(16, Directory.GetFiles(Path.Combine(_out.Path, "stains"), "*.stain.tif").Length);
        foreach (var name in new[] { "roc.png", "confusion.png", "training.png", "efficiency.png", "efficiency.csv" })
            Assert.True(File.Exists(Path.Combine(report, name)), name);
    }

    [Fact]
    public void Without_the_data_set_the_main_job_says_where_it_looked_and_how_to_point_it_elsewhere()
    {
        var result = PwshProcess.Run(Path.Combine(RepoPaths.Examples, "cardiomyocyte-virtual-stain.ps1"), "-DataPath", _out.File("nowhere"), "-Quick");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("isl-motor-neurons", result.Error);
        Assert.Contains("-DataPath", result.Error);
    }
}
