using System.Globalization;
using System.Text.RegularExpressions;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Scripts;

/// <summary>
/// examples/phase-to-fluorescence.ps1 in its reduced mode in real pwsh (eng/pwsh), on the real
/// motor-neuron well (../shared/data/isl-motor-neurons). A pipeline that lost the registration of
/// inputs and targets, scaled targets wrongly or blended tiles out of place would predict nothing the
/// held-out fields' DAPI and MAP2 correlate with; the reduced U-Net must beat the input alone by far.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class PhaseToFluorescenceExampleTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.Examples, "phase-to-fluorescence.ps1");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Data => Path.Combine(RepoPaths.SharedData ?? throw new DirectoryNotFoundException("No shared/data folder beside the repository."), "isl-motor-neurons");

    private static double R(string output, string row, string channel)
    {
        var match = Regex.Match(output, $@"^\s*{Regex.Escape(row)}\s+{channel}\s+r\s+(-?[0-9.]+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"no r for {row} {channel} in:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void The_quick_run_predicts_held_out_DAPI_and_MAP2_far_better_than_the_input_alone_and_writes_the_stains()
    {
        string output = _folder.File("out");
        // About 80 s on the 2-core build machine: three trainings and four predictions of three models.
        using var run = PwshProcess.Start(new PwshStart { Arguments = [Script, "-DataPath", Data, "-OutputDirectory", output, "-Quick"] });
        var result = run.WaitForExit(TimeSpan.FromMinutes(6));

        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Contains("12 training fields, 4 held-out fields", result.Output);
        foreach (var channel in new[] { "DAPI", "MAP2" })
        {
            double baseline = R(result.Output, "phase z06 alone", channel);
            double unet = R(result.Output, "UNetL1", channel);
            Assert.True(unet > 0.5, $"U-Net {channel} r {unet}");
            Assert.True(unet > Math.Abs(baseline) + 0.3, $"U-Net {channel} r {unet} against the input alone {baseline}");
            // The adversarial runs are two epochs here: they must run and be scored, not be good.
            R(result.Output, "Pix2Pix", channel);
            R(result.Output, "Pix2Pix curated", channel);
        }
        Assert.Matches(@"Curation kept 9 of 12 training fields", result.Output);
        foreach (var model in new[] { "unet-l1", "pix2pix", "pix2pix-curated" })
        {
            Assert.True(File.Exists(Path.Combine(output, model + ".cellmodel")), model);
        }
        var stains = Directory.GetFiles(Path.Combine(output, "stains"));
        Assert.Equal(4, stains.Count(f => f.EndsWith(".predicted.tif", StringComparison.Ordinal)));
        Assert.Equal(4, stains.Count(f => f.EndsWith(".stain.tif", StringComparison.Ordinal)));
        Assert.Equal(4, stains.Count(f => f.EndsWith(".overlay.png", StringComparison.Ordinal)));
        Assert.True(new FileInfo(Path.Combine(output, "phase-true-predicted.png")).Length > 10_000);
    }

    [Fact]
    public void Without_the_data_set_the_example_says_where_it_looked_and_how_to_point_it_elsewhere()
    {
        var result = PwshProcess.Run(Script, "-DataPath", _folder.File("nowhere"), "-Quick");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("isl-motor-neurons", result.Error);
        Assert.Contains("-DataPath", result.Error);
    }
}
