using System.Management.Automation;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>What -Verbose tells: the files Import-Micrograph read and where Get-CellModel looked for plugins.</summary>
public sealed class VerboseStreamTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();

    public VerboseStreamTests(PowerShellSessionFixture fixture)
    {
        _ps = fixture.Session;
        using var phase = new Mat(12, 20, MatType.CV_8UC1, Scalar.All(90));
        Cv2.ImWrite(_data.File("f_phase.png"), phase);
        using var gfp = new Mat(12, 20, MatType.CV_16UC1, Scalar.All(900));
        Cv2.ImWrite(_data.File("f_gfp.png"), gfp);
    }

    public void Dispose() => _data.Dispose();

    private List<string> Verbose(string script)
    {
        var result = _ps.Run(script, new Dictionary<string, object?> { ["data"] = _data.Path });
        result.AssertNoErrors();
        return result.Output.Select(o => o.BaseObject).OfType<VerboseRecord>().Select(v => v.Message).ToList();
    }

    [Fact]
    public void Import_Micrograph_tells_each_file_its_size_channels_pixel_type_and_pair()
    {
        var lines = Verbose("Import-Micrograph \"$data/f_phase.png\" -PairWith { $_.FullName -replace '_phase', '_gfp' } -Verbose 4>&1");

        string phase = Path.Combine(_data.Path, "f_phase.png"), gfp = Path.Combine(_data.Path, "f_gfp.png");
        Assert.Contains(lines, l => l.Contains($"'{phase}'") && l.Contains("20×12") && l.Contains("1 channel") && l.Contains("UInt8") && l.Contains("bytes"));
        Assert.Contains(lines, l => l.StartsWith($"Read '{gfp}'", StringComparison.Ordinal) && l.Contains("UInt16"));
        Assert.Contains(lines, l => l.StartsWith($"Paired '{phase}' with '{gfp}'", StringComparison.Ordinal));

        Assert.Empty(Verbose("Import-Micrograph \"$data/f_phase.png\" 4>&1"));
    }

    [Fact]
    public void Get_CellModel_tells_the_plugin_folders_it_searched_and_what_it_found()
    {
        var lines = Verbose("Get-CellModel -PluginPath $data -Verbose 4>&1");

        Assert.Contains(lines, l => l.StartsWith("Plugin folder", StringComparison.Ordinal) && l.EndsWith(_data.Path, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Plugin Cardiomyocyte", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("plugin(s) found") && l.Contains("model(s) declared"));
    }

    [Fact]
    public void Split_Micrograph_tells_how_each_micrograph_was_cut()
    {
        var lines = Verbose("Import-Micrograph \"$data/f_phase.png\" | Split-Micrograph -Size 8 -Verbose 4>&1");
        Assert.Contains("f_phase.png (20×12): 2 field(s) of 8×8, 1 row(s) × 2 column(s).", lines);
        Assert.Contains(lines, l => l.Contains("the last 4 column(s) and 4 row(s)"));
    }
}
