using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

public sealed class ImportAsChannelsTests : IClassFixture<PowerShellSessionFixture>
{
    private readonly PowerShellSession _ps;

    public ImportAsChannelsTests(PowerShellSessionFixture fixture) => _ps = fixture.Session;

    // A 16-bit grey PNG whose every sample is 100 × seed + (x + 3y) mod 50: each file's planes tell apart.
    internal static string WritePlane(string path, int seed, int width = 16, int height = 12)
    {
        using var mat = new Mat(height, width, MatType.CV_16UC1);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                mat.Set(y, x, (ushort)(100 * seed + (x + 3 * y) % 50));
        Cv2.ImWrite(path, mat);
        return path;
    }

    private static float[] ReadAll(Micrograph micrograph)
    {
        var samples = new float[micrograph.ChannelCount * micrograph.Width * micrograph.Height];
        using var pixels = micrograph.OpenPixels();
        pixels.ReadRegion(0, new PixelRect(0, 0, micrograph.Width, micrograph.Height), samples.AsSpan());
        return samples;
    }

    private static float[] ReadFiles(params string[] files) => files.SelectMany(f => ReadAll(MicrographLoader.Load(f))).ToArray();

    [Fact]
    public void A_wildcards_files_become_the_channels_of_one_micrograph_sorted_by_name()
    {
        using var temp = new TempFolder();
        var z10 = WritePlane(temp.File("z10.png"), 3);
        var z02 = WritePlane(temp.File("z02.png"), 2);
        var z01 = WritePlane(temp.File("z01.png"), 1);

        var result = _ps.Run("Import-Micrograph ($dir + '/z*.png') -AsChannels -Role PhaseContrast", new Dictionary<string, object?> { ["dir"] = temp.Path });

        result.AssertNoErrors();
        var stack = Assert.Single(result.Objects<Micrograph>());
        Assert.Equal("z01-10", stack.Name);
        Assert.Equal(z01, stack.Path);
        Assert.Equal(new[] { "z01", "z02", "z10" }, stack.Channels.Select(c => c.Name));
        Assert.All(stack.Channels, c => Assert.Equal(ChannelRole.PhaseContrast, c.Role));
        Assert.Equal(ReadFiles(z01, z02, z10), ReadAll(stack));
        var files = _ps.Run("$s.Files", new Dictionary<string, object?> { ["s"] = stack }).Output.Select(o => o.ToString());
        Assert.Equal(new[] { z01, z02, z10 }, files);
    }

    [Fact]
    public void Files_from_the_pipeline_and_arguments_stack_in_the_order_given()
    {
        using var temp = new TempFolder();
        var b = WritePlane(temp.File("b.png"), 2);
        var a = WritePlane(temp.File("a.png"), 1);
        var c = WritePlane(temp.File("c.png"), 3);

        var piped = _ps.Run("$c, $a, $b | Import-Micrograph -AsChannels -ChannelName C, A, B",
            new Dictionary<string, object?> { ["a"] = a, ["b"] = b, ["c"] = c });
        piped.AssertNoErrors();
        var stack = Assert.Single(piped.Objects<Micrograph>());
        Assert.Equal(new[] { "C", "A", "B" }, stack.Channels.Select(ch => ch.Name));
        Assert.Equal(ReadFiles(c, a, b), ReadAll(stack));

        var chosen = _ps.Run("Import-Micrograph -LiteralPath $b, $a -AsChannels -Channel 1",
            new Dictionary<string, object?> { ["a"] = a, ["b"] = b });
        chosen.AssertNoErrors();
        var one = Assert.Single(chosen.Objects<Micrograph>());
        Assert.Equal("a", Assert.Single(one.Channels).Name);
        Assert.Equal(ReadFiles(a), ReadAll(one));
    }

    [Fact]
    public void A_file_of_another_size_is_a_ChannelFileMismatch_error_naming_it_and_nothing_is_emitted()
    {
        using var temp = new TempFolder();
        WritePlane(temp.File("z0.png"), 1);
        var odd = WritePlane(temp.File("z1.png"), 2, 16, 13);
        WritePlane(temp.File("z2.png"), 3);

        var result = _ps.Run("Import-Micrograph ($dir + '/z*.png') -AsChannels", new Dictionary<string, object?> { ["dir"] = temp.Path });

        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ChannelFileMismatch,CellOps.PowerShell.Commands.ImportMicrographCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(odd, error.TargetObject);
        Assert.Contains("z1.png' is 16×13", error.Exception.Message);
    }

    [Fact]
    public void A_missing_plane_stops_the_stack_rather_than_shifting_the_channels()
    {
        using var temp = new TempFolder();
        var z0 = WritePlane(temp.File("z0.png"), 1);
        var missing = temp.File("z1.png");
        var z2 = WritePlane(temp.File("z2.png"), 3);

        var result = _ps.Run("Import-Micrograph $a, $b, $c -AsChannels", new Dictionary<string, object?> { ["a"] = z0, ["b"] = missing, ["c"] = z2 });

        Assert.Empty(result.Output);
        Assert.Equal(new[] { "MicrographNotFound", "ChannelFilesMissing" }, result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Contains("z1.png", result.Errors[1].Exception.Message);
    }

    [Fact]
    public void A_file_of_another_pixel_type_is_refused_with_the_same_id()
    {
        using var temp = new TempFolder();
        var wide = WritePlane(temp.File("a.png"), 1);
        var narrow = ImportMicrographTests.WriteGray(temp.File("b.png"), 16, 12);

        var result = _ps.Run("Import-Micrograph $a, $b -AsChannels", new Dictionary<string, object?> { ["a"] = wide, ["b"] = narrow });

        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ChannelFileMismatch,", error.FullyQualifiedErrorId);
        Assert.Equal(narrow, error.TargetObject);
        Assert.Contains("UInt8", error.Exception.Message);
    }

    [Fact]
    public void Two_pair_files_become_the_two_channels_of_the_stacks_pair()
    {
        using var temp = new TempFolder();
        var z0 = WritePlane(temp.File("phase_z0.png"), 1);
        var z1 = WritePlane(temp.File("phase_z1.png"), 2);
        var dapi = WritePlane(temp.File("dapi.png"), 7);
        var map2 = WritePlane(temp.File("map2.png"), 8);

        var result = _ps.Run("Import-Micrograph ($dir + '/phase_z*.png') -AsChannels -PairWith ($dir + '/dapi.png'), ($dir + '/map2.png')",
            new Dictionary<string, object?> { ["dir"] = temp.Path });

        result.AssertNoErrors();
        var stack = Assert.Single(result.Objects<Micrograph>());
        Assert.Equal(new[] { "phase_z0", "phase_z1" }, stack.Channels.Select(c => c.Name));
        var pair = stack.Pair!;
        Assert.Equal("dapi+map2", pair.Name);
        Assert.Equal(new[] { "dapi", "map2" }, pair.Channels.Select(c => c.Name));
        Assert.All(pair.Channels, c => Assert.Equal(ChannelRole.Fluorescence, c.Role));
        Assert.Equal(ReadFiles(z0, z1), ReadAll(stack));
        Assert.Equal(ReadFiles(dapi, map2), ReadAll(pair));
    }

    [Fact]
    public void A_script_block_may_give_each_file_a_pair_of_several_files_named_by_PairChannelName()
    {
        using var temp = new TempFolder();
        WritePlane(temp.File("a_phase.png"), 1);
        var gfp = WritePlane(temp.File("a_gfp.png"), 2);
        var rfp = WritePlane(temp.File("a_rfp.png"), 3);

        var result = _ps.Run(
            "Import-Micrograph ($dir + '/*_phase.png') -PairWith { ($_.FullName -replace '_phase', '_gfp'), ($_.FullName -replace '_phase', '_rfp') } -PairChannelName GFP, RFP",
            new Dictionary<string, object?> { ["dir"] = temp.Path });

        result.AssertNoErrors();
        var micrograph = Assert.Single(result.Objects<Micrograph>());
        Assert.Equal(new[] { "GFP", "RFP" }, micrograph.Pair!.Channels.Select(c => c.Name));
        Assert.Equal(ReadFiles(gfp, rfp), ReadAll(micrograph.Pair));
    }

    [Fact]
    public void A_script_block_that_gives_no_pair_path_is_a_PairPathInvalid_error()
    {
        using var temp = new TempFolder();
        var file = WritePlane(temp.File("a.png"), 1);
        var result = _ps.Run("Import-Micrograph $f -PairWith { }", new Dictionary<string, object?> { ["f"] = file });
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("PairPathInvalid,", error.FullyQualifiedErrorId);
        Assert.Contains("gave no path", error.Exception.Message);
    }
}
