using System.Management.Automation;
using CellOps.Imaging.Fields;
using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PowerShell;

public sealed class SplitMicrographTests : IClassFixture<PowerShellSessionFixture>
{
    private readonly PowerShellSession _ps;

    public SplitMicrographTests(PowerShellSessionFixture fixture) => _ps = fixture.Session;

    private static string Well => Path.Combine(RepoPaths.SharedData ?? throw new DirectoryNotFoundException("No shared/data folder."), "isl-motor-neurons");

    private static float[] Read(Micrograph micrograph, PixelRect region)
    {
        var samples = new float[micrograph.ChannelCount * region.Area];
        using var pixels = micrograph.OpenPixels();
        pixels.ReadRegion(0, region, samples.AsSpan());
        return samples;
    }

    [Fact]
    public void Split_Micrograph_leaves_out_partial_edge_fields_unless_asked_and_names_each_by_row_and_column()
    {
        using var temp = new TempFolder();
        var file = ImportAsChannelsTests.WritePlane(temp.File("plate.png"), 1, 10, 7);
        var vars = new Dictionary<string, object?> { ["f"] = file };

        var whole = _ps.Run("Import-Micrograph $f | Split-Micrograph -Size 4", vars);
        whole.AssertNoErrors();
        Assert.Equal(new[] { "plate r0c0", "plate r0c1" }, whole.Objects<Micrograph>().Select(m => m.Name));

        var partial = _ps.Run("Import-Micrograph $f | Split-Micrograph 4 -IncludePartial", vars);
        partial.AssertNoErrors();
        Assert.Equal(new[] { (4, 4), (4, 4), (2, 4), (4, 3), (4, 3), (2, 3) }, partial.Objects<Micrograph>().Select(m => (m.Width, m.Height)));

        var tooSmall = _ps.Run("Import-Micrograph $f | Split-Micrograph 8 3>&1", vars);
        var warning = Assert.IsType<WarningRecord>(Assert.Single(tooSmall.Output).BaseObject);
        Assert.Contains("plate.png (10×7) is smaller than one 8-pixel field", warning.Message);
    }

    [Fact]
    public void Field_properties_make_whole_fields_easy_to_hold_out()
    {
        using var temp = new TempFolder();
        var file = ImportAsChannelsTests.WritePlane(temp.File("plate.png"), 1, 12, 8);
        var result = _ps.Run(
            "$fields = Import-Micrograph $f | Split-Micrograph 4\n" +
            "$fields | Where-Object FieldColumn -eq 2 | ForEach-Object { '{0} {1} {2} {3} {4}' -f $_.Name, $_.FieldRow, $_.FieldX, $_.FieldY, ($_.FieldColumn -is [int]) }\n" +
            "($fields | Where-Object FieldColumn -lt 2).Count\n" +
            "$null -eq (Import-Micrograph $f).FieldRow\n" +
            "$fields[0].Files",
            new Dictionary<string, object?> { ["f"] = file });
        result.AssertNoErrors();
        Assert.Equal(new object[] { "plate r0c2 0 8 0 True", "plate r1c2 1 8 4 True", 4, true, file }, result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void A_well_stacked_from_its_z_planes_splits_into_fields_whose_tiles_read_their_region_of_the_well_and_its_pair()
    {
        var result = _ps.Run(
            "$well = Import-Micrograph ($dir + '/phase_z*.png') -AsChannels -Role PhaseContrast -PairWith ($dir + '/dapi.png'), ($dir + '/map2.png')\n" +
            "$fields = $well | Split-Micrograph -Size 256\n" +
            "$test = $fields | Where-Object FieldColumn -eq 3\n" +
            "$train = $fields | Where-Object FieldColumn -lt 3\n" +
            "$tiles = $train | New-TileSet -Size 128 -Target Image\n" +
            "$well; $tiles; $test",
            new Dictionary<string, object?> { ["dir"] = Well });

        result.AssertNoErrors();
        var well = Assert.Single(result.Objects<Micrograph>(), m => m.Width == 1024);
        Assert.Equal(13, well.ChannelCount);
        Assert.Equal("phase_z00-12", well.Name);
        Assert.Equal(new[] { "dapi", "map2" }, well.Pair!.Channels.Select(c => c.Name));

        var test = result.Objects<Micrograph>().Where(m => m.Width == 256).ToList();
        Assert.Equal(new[] { "phase_z00-12 r0c3", "phase_z00-12 r1c3", "phase_z00-12 r2c3", "phase_z00-12 r3c3" }, test.Select(m => m.Name));
        Assert.All(test, f => Assert.Equal("768", f.Metadata[MicrographFields.FieldXKey]));

        var set = Assert.Single(result.Objects<TileSet>());
        Assert.Equal(TileTarget.Image, set.Target);
        Assert.Equal(12 * 4, set.Count);
        Assert.Equal(12, set.Sources.Count);
        Assert.All(set.Tiles, t => Assert.Contains(t.Source, set.Sources));
        Assert.All(set.Sources, s => Assert.True(int.Parse(s.Metadata[MicrographFields.FieldColumnKey]) < 3));
        Assert.All(set.Tiles, t => Assert.True(t.Rect.IsInside(256, 256)));

        // Two tiles of different fields: each reads its field's region of the stacked well and of the two-file pair.
        using var reader = new TileReader(set);
        foreach (var tile in new[] { set.Tiles[5], set.Tiles[^1] })
        {
            var origin = MicrographFields.OriginOf(tile.Source)!;
            Assert.Same(well, origin.Parent);
            var inWell = tile.Rect with { X = tile.Rect.X + origin.Region.X, Y = tile.Rect.Y + origin.Region.Y };
            var image = new float[TileReader.ImageSampleCount(tile)];
            reader.ReadImage(tile, image);
            Assert.Equal(Read(well, inWell), image);
            var target = new float[TileReader.TargetSampleCount(tile)];
            reader.ReadTarget(tile, target);
            Assert.Equal(Read(well.Pair, inWell), target);
        }
    }
}
