using CellOps.Imaging.Fields;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Imaging.Fields;

public sealed class MicrographFieldsTests
{
    private const int W = 10, H = 7;

    // Sample (frame, channel, y, x) = 1000 f + 100 c + 10 y + x (+ offset): every sample of the image tells where it lies.
    private static ArrayPixelSource Source(int channels, int frames, int offset = 0)
    {
        var samples = new ushort[frames * channels * H * W];
        for (int f = 0; f < frames; f++)
            for (int c = 0; c < channels; c++)
                for (int y = 0; y < H; y++)
                    for (int x = 0; x < W; x++)
                        samples[((f * channels + c) * H + y) * W + x] = (ushort)(offset + 1000 * f + 100 * c + 10 * y + x);
        return new ArrayPixelSource(samples, W, H, channels, frames);
    }

    private static (Micrograph Well, ArrayPixelSource Image, ArrayPixelSource Target) Well()
    {
        var image = Source(channels: 2, frames: 2);
        var target = Source(channels: 2, frames: 1, offset: 20000);
        var metadata = new Dictionary<string, string> { ["Format"] = "PNG" };
        var well = new Micrograph("well.png", "/data/well.png", W, H, PixelType.UInt16, 2,
            new[] { new ChannelInfo(0, "z0", ChannelRole.PhaseContrast), new ChannelInfo(1, "z1", ChannelRole.PhaseContrast) },
            new PixelSize(0.5, 0.5, "µm"), metadata, () => image);
        return (well.WithPair(target.ToMicrograph("stain", ChannelRole.Fluorescence)), image, target);
    }

    private static float[] Read(IPixelSource source, PixelRect region, int frame = 0)
    {
        var samples = new float[source.ChannelCount * region.Area];
        source.ReadRegion(frame, region, samples.AsSpan());
        return samples;
    }

    private static float[] ReadAll(Micrograph micrograph, int frame = 0)
    {
        using var pixels = micrograph.OpenPixels();
        return Read(pixels, new PixelRect(0, 0, micrograph.Width, micrograph.Height), frame);
    }

    [Fact]
    public void Whole_fields_come_row_by_row_and_the_partial_edge_fields_are_left_out()
    {
        var (well, _, _) = Well();
        var fields = MicrographFields.Split(well, 4);
        Assert.Equal(new[] { "well r0c0", "well r0c1" }, fields.Select(f => f.Name));
        Assert.All(fields, f => Assert.Equal((4, 4), (f.Width, f.Height)));
    }

    [Fact]
    public void IncludePartial_keeps_the_narrower_and_shorter_edge_fields()
    {
        var (well, _, _) = Well();
        var fields = MicrographFields.Split(well, 4, includePartial: true);
        Assert.Equal(new[] { "well r0c0", "well r0c1", "well r0c2", "well r1c0", "well r1c1", "well r1c2" }, fields.Select(f => f.Name));
        Assert.Equal(new[] { (4, 4), (4, 4), (2, 4), (4, 3), (4, 3), (2, 3) }, fields.Select(f => (f.Width, f.Height)));
        Assert.Equal(new[] { (2, 3), (2, 3) }, new[] { fields[5], fields[5].Pair! }.Select(f => (f.Width, f.Height)));
    }

    [Fact]
    public void A_micrograph_smaller_than_one_field_gives_none()
    {
        var (well, _, _) = Well();
        Assert.Empty(MicrographFields.Split(well, 8));
        Assert.Single(MicrographFields.Split(well, 16, includePartial: true));
    }

    [Fact]
    public void Each_field_and_its_pair_read_exactly_their_region_of_the_original_in_every_frame()
    {
        var (well, image, target) = Well();
        foreach (var field in MicrographFields.Split(well, 3, includePartial: true))
        {
            var region = MicrographFields.OriginOf(field)!.Region;
            Assert.Equal(Read(image, region, 0), ReadAll(field, 0));
            Assert.Equal(Read(image, region, 1), ReadAll(field, 1));
            Assert.Equal(Read(target, region), ReadAll(field.Pair!));
        }
    }

    [Fact]
    public void A_field_records_its_place_and_parent_and_keeps_the_parents_description()
    {
        var (well, _, _) = Well();
        var field = MicrographFields.Split(well, 3)[5];
        Assert.Equal("well r1c2", field.Name);
        Assert.Null(field.Path);
        Assert.Equal("1", field.Metadata[MicrographFields.FieldRowKey]);
        Assert.Equal("2", field.Metadata[MicrographFields.FieldColumnKey]);
        Assert.Equal("6", field.Metadata[MicrographFields.FieldXKey]);
        Assert.Equal("3", field.Metadata[MicrographFields.FieldYKey]);
        Assert.Equal("well.png", field.Metadata[MicrographFields.FieldOfKey]);
        Assert.Equal("/data/well.png", field.Metadata[MicrographFields.FieldOfPathKey]);
        Assert.Equal("PNG", field.Metadata["Format"]);
        Assert.Equal(well.PixelSize, field.PixelSize);
        Assert.Equal(well.Channels, field.Channels);
        Assert.Equal((PixelType.UInt16, 2), (field.PixelType, field.FrameCount));
        Assert.Equal("stain r1c2", field.Pair!.Name);
        Assert.Equal("stain", field.Pair.Metadata[MicrographFields.FieldOfKey]);
        Assert.False(field.Pair.Metadata.ContainsKey(MicrographFields.FieldOfPathKey));
        Assert.Equal(new FieldOrigin(well, new PixelRect(6, 3, 3, 3)), MicrographFields.OriginOf(field));
    }

    [Theory]
    [InlineData("a.ome.tif", "a r0c1")]
    [InlineData("a.PNG", "a r0c1")]
    [InlineData("well.A1", "well.A1 r0c1")]
    [InlineData("phase_z00-12", "phase_z00-12 r0c1")]
    public void Field_names_drop_an_image_files_extension_only(string name, string expected) =>
        Assert.Equal(expected, MicrographFields.FieldName(name, 0, 1));

    [Fact]
    public void A_field_refuses_reads_past_its_edge_rather_than_showing_its_neighbour()
    {
        var (well, _, _) = Well();
        using var pixels = MicrographFields.Split(well, 4)[0].OpenPixels();
        Assert.Throws<ArgumentOutOfRangeException>(() => Read(pixels, new PixelRect(2, 0, 3, 2)));
    }

    [Fact]
    public void Tiles_reflected_past_a_fields_edge_mirror_the_field_not_its_neighbour()
    {
        var (well, image, _) = Well();
        var field = MicrographFields.Split(well, 4)[0];
        using var reader = new TileReader(EdgePolicy.Reflect);
        var tile = new float[2 * 4];
        reader.Read(field, 0, new PixelRect(2, 0, 4, 1), tile);
        // Columns 2, 3, then 4 → 2 and 5 → 1 mirrored inside the 4-wide field; the well's columns 4 and 5 are never read.
        var row = Read(image, new PixelRect(0, 0, 4, 1));
        Assert.Equal(new[] { row[2], row[3], row[2], row[1], row[6], row[7], row[6], row[5] }, tile);
    }

    [Fact]
    public void Fields_of_a_field_trace_back_to_the_original()
    {
        var (well, image, _) = Well();
        var field = MicrographFields.Split(well, 6)[0];
        var inner = MicrographFields.Split(field, 3)[3];
        Assert.Equal("well r0c0 r1c1", inner.Name);
        Assert.Equal(new FieldOrigin(well, new PixelRect(3, 3, 3, 3)), MicrographFields.OriginOf(inner));
        Assert.Equal("3", inner.Metadata[MicrographFields.FieldXKey]);
        Assert.Equal("well r0c0", inner.Metadata[MicrographFields.FieldOfKey]);
        Assert.Equal(Read(image, new PixelRect(3, 3, 3, 3)), ReadAll(inner));
    }

    [Fact]
    public void A_tile_reader_opens_the_original_and_its_pair_once_for_tiles_shuffled_across_fields()
    {
        var image = Source(1, 1);
        var target = Source(1, 1, offset: 20000);
        var well = image.ToMicrograph("well").WithPair(target.ToMicrograph("stain"));
        var fields = MicrographFields.Split(well, 2);
        var tiles = new[] { 0, 7, 3, 1, 6, 2, 5, 4, 0, 7 }
            .Select((f, i) => new Tile(i, fields[f], 0, new PixelRect(0, 0, 2, 2))).ToArray();

        using var reader = new TileReader(EdgePolicy.Drop);
        var samples = new float[4];
        foreach (var tile in tiles)
        {
            reader.ReadImage(tile, samples);
            Assert.Equal(Read(image, MicrographFields.OriginOf(tile.Source)!.Region), samples);
            reader.ReadTarget(tile, samples);
            Assert.Equal(Read(target, MicrographFields.OriginOf(tile.Source)!.Region), samples);
        }
        Assert.Equal((1, 1), (image.OpenCount, target.OpenCount));
    }
}
