using System.Management.Automation;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

public sealed class NewTileSetTests : IClassFixture<PowerShellSessionFixture>
{
    private readonly PowerShellSession _ps;

    public NewTileSetTests(PowerShellSessionFixture fixture) => _ps = fixture.Session;

    [Fact]
    public void New_TileSet_drops_the_partial_edge_tiles_by_default()
    {
        using var temp = new TempFolder();
        ImportMicrographTests.WriteGray(temp.File("field.png"), 100, 70);
        var set = RunOne("Import-Micrograph $f | New-TileSet -Size 32", ("f", temp.File("field.png")));
        Assert.Equal(6, set.Count);
        Assert.Equal(32, set.Stride);
        Assert.Equal(EdgePolicy.Drop, set.EdgePolicy);
        Assert.All(set.Tiles, t => Assert.True(t.Rect.IsInside(100, 70)));
        Assert.Equal("field.png", Assert.Single(set.Sources).Name);
    }

    [Fact]
    public void Overlap_sets_the_stride_and_Shift_covers_the_far_edges()
    {
        using var temp = new TempFolder();
        ImportMicrographTests.WriteGray(temp.File("field.png"), 100, 70);
        var set = RunOne("Import-Micrograph $f | New-TileSet -Size 32 -Overlap 8 -EdgePolicy Shift", ("f", temp.File("field.png")));
        Assert.Equal(24, set.Stride);
        Assert.Equal(8, set.Overlap);
        // Columns 0, 24, 48, 68 (shifted); rows 0, 24, 38 (shifted).
        Assert.Equal(12, set.Count);
        Assert.Contains(set.Tiles, t => t.Rect == new PixelRect(68, 38, 32, 32));
    }

    [Fact]
    public void Label_target_comes_from_the_area_fraction_of_the_binarized_pair()
    {
        using var temp = new TempFolder();
        ImportMicrographTests.WriteGray(temp.File("a_phase.png"), 64, 64);
        // Fluorescence: bright in the left 40 columns, dim elsewhere (Otsu splits them).
        WriteImage(temp.File("a_gfp.png"), 64, 64, (x, _) => x < 40 ? 200 : 20);
        var set = RunOne(
            "Import-Micrograph $f -PairWith { $_.FullName -replace '_phase', '_gfp' } | New-TileSet -Size 32 -Target Label -AreaFraction 0.25",
            ("f", temp.File("a_phase.png")));
        // Left tiles are wholly positive; right tiles have 8 of 32 columns positive: exactly 0.25.
        Assert.Equal(new[] { 1, 1, 1, 1 }, set.Tiles.Select(t => t.Label));
        Assert.Equal(new[] { 1.0, 0.25, 1.0, 0.25 }, set.Tiles.Select(t => t.PositiveFraction!.Value));
        Assert.Equal(new[] { 0, 4 }, set.ClassCounts);

        var strict = RunOne(
            "Import-Micrograph $f -PairWith { $_.FullName -replace '_phase', '_gfp' } | New-TileSet -Size 32 -Target Label",
            ("f", temp.File("a_phase.png")));
        Assert.Equal(new[] { 1, 0, 1, 0 }, strict.Tiles.Select(t => t.Label));
        Assert.Equal(new[] { 2, 2 }, strict.ClassCounts);
    }

    [Fact]
    public void A_micrograph_without_the_pair_its_target_needs_is_an_error_and_the_others_are_tiled()
    {
        using var temp = new TempFolder();
        ImportMicrographTests.WriteGray(temp.File("lonely.png"), 64, 64);
        ImportMicrographTests.WriteGray(temp.File("b_phase.png"), 64, 64);
        WriteImage(temp.File("b_gfp.png"), 64, 64, (x, _) => x < 32 ? 255 : 0);
        var result = _ps.Run(
            "$a = Import-Micrograph $lonely; $b = Import-Micrograph $b -PairWith $bpair; $a, $b | New-TileSet -Size 32 -Target Label",
            new Dictionary<string, object?> { ["lonely"] = temp.File("lonely.png"), ["b"] = temp.File("b_phase.png"), ["bpair"] = temp.File("b_gfp.png") });

        var set = Assert.Single(result.Objects<TileSet>());
        Assert.Equal(4, set.Count);
        Assert.All(set.Tiles, t => Assert.Equal("b_phase.png", t.Source.Name));
        var error = Assert.Single(result.Errors);
        Assert.Equal("TileTargetFailed,CellOps.PowerShell.Commands.NewTileSetCommand", error.FullyQualifiedErrorId);
        Assert.Equal(temp.File("lonely.png"), error.TargetObject);
        Assert.Contains("lonely.png", error.Exception.Message);
    }

    [Fact]
    public void Class_histograms_over_a_grid_sum_to_one_and_skip_the_ignore_class()
    {
        using var temp = new TempFolder();
        ImportMicrographTests.WriteGray(temp.File("c_phase.png"), 8, 8);
        // Label image: class = column / 2 for columns 0..5 (classes 0, 1, 2), ignore class 9 in columns 6..7.
        WriteImage(temp.File("c_label.png"), 8, 8, (x, _) => x < 6 ? x / 2 : 9);
        var set = RunOne(
            "Import-Micrograph $f -PairWith { $_.FullName -replace '_phase', '_label' } -PairRole Label | New-TileSet -Size 8 -Target ClassHistogram -Grid 1, 2 -ClassCount 3 -IgnoreClass 9",
            ("f", temp.File("c_phase.png")));
        var tile = Assert.Single(set.Tiles);
        Assert.Equal(new[] { 1, 2 }, set.Grids);
        Assert.Equal(3, set.ClassCount);
        Assert.Equal(new[] { 1f / 3, 1f / 3, 1f / 3 }, tile.Histograms![0], new FloatTolerance(1e-6f));
        // r = 2: left cells (columns 0..3) are half class 0, half class 1; right cells (4..7) are class 2 plus ignored pixels.
        Assert.Equal(new[] { 0.5f, 0.5f, 0, 0, 0, 1, 0.5f, 0.5f, 0, 0, 0, 1 }, tile.Histograms![1], new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Stride_and_Overlap_cannot_be_given_together()
    {
        using var temp = new TempFolder();
        ImportMicrographTests.WriteGray(temp.File("f.png"), 64, 64);
        var result = _ps.Run("Import-Micrograph $f | New-TileSet -Size 32 -Stride 16 -Overlap 8", new Dictionary<string, object?> { ["f"] = temp.File("f.png") });
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.IsAssignableFrom<ParameterBindingException>(error.Exception);
        Assert.StartsWith("AmbiguousParameterSet,", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void The_shipped_smears_tile_into_a_labelled_set_with_both_classes()
    {
        var set = RunOne(
            "Import-Micrograph ($dir + '/*.jpg') -Role BrightField -PairWith { $_.FullName -replace '\\.jpg$', '_wbc.png' } -PairRole Mask | New-TileSet -Size 64 -Target Label",
            ("dir", Path.Combine(RepoPaths.Examples, "data", "bccd")));
        Assert.Equal(24, set.Sources.Count);
        Assert.Equal(24 * 10 * 7, set.Count);
        Assert.Equal(set.Count, set.ClassCounts.Sum());
        Assert.InRange(set.ClassCounts[1], 20, set.Count / 4);
        Assert.All(set.Tiles, t => Assert.Equal(t.Label == 1, t.PositiveFraction >= 0.5));
    }

    private TileSet RunOne(string script, (string Name, object Value) variable)
    {
        var result = _ps.Run(script, new Dictionary<string, object?> { [variable.Name] = variable.Value });
        result.AssertNoErrors();
        return Assert.Single(result.Objects<TileSet>());
    }

    private static void WriteImage(string path, int width, int height, Func<int, int, int> value)
    {
        using var mat = new Mat(height, width, MatType.CV_8UC1);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                mat.Set(y, x, (byte)value(x, y));
        Cv2.ImWrite(path, mat);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(float value) => 0;
    }
}
