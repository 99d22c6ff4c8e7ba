using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Imaging.Tiling;

public class TileReaderTests
{
    // 5×3 image whose pixel (x, y) holds 10·y + x.
    private static Micrograph Ramp(int channels = 1) =>
        TilingTestImages.Floats(5, 3, (c, x, y) => 100 * c + 10 * y + x, channels).ToMicrograph("ramp");

    private static float[] Read(EdgePolicy policy, Micrograph m, PixelRect rect)
    {
        using var reader = new TileReader(policy);
        var values = new float[m.ChannelCount * rect.Area];
        reader.Read(m, 0, rect, values);
        return values;
    }

    [Fact]
    public void A_tile_inside_the_image_reads_its_pixels_as_they_are()
    {
        Assert.Equal(new float[] { 11, 12, 21, 22 }, Read(EdgePolicy.Reflect, Ramp(), new PixelRect(1, 1, 2, 2)));
    }

    [Fact]
    public void Reflect_mirrors_past_the_right_and_bottom_edges_without_repeating_the_edge_pixel()
    {
        // Columns 3, 4, 5, 6 → 3, 4, 3, 2; rows 1, 2, 3 → 1, 2, 1.
        var values = Read(EdgePolicy.Reflect, Ramp(), new PixelRect(3, 1, 4, 3));
        Assert.Equal(new float[]
        {
            13, 14, 13, 12,
            23, 24, 23, 22,
            13, 14, 13, 12,
        }, values);
    }

    [Fact]
    public void Reflect_mirrors_before_the_left_and_top_edges()
    {
        // Columns −2, −1, 0 → 2, 1, 0; row −1 → 1.
        var values = Read(EdgePolicy.Reflect, Ramp(), new PixelRect(-2, -1, 3, 2));
        Assert.Equal(new float[] { 12, 11, 10, 2, 1, 0 }, values);
    }

    [Fact]
    public void Reflect_folds_again_for_a_tile_larger_than_the_image()
    {
        // Width 5: columns 0..9 → 0 1 2 3 4 3 2 1 0 1.
        var values = Read(EdgePolicy.Reflect, Ramp(), new PixelRect(0, 0, 10, 1));
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 3, 2, 1, 0, 1 }, values);
    }

    [Fact]
    public void Pad_fills_pixels_past_the_image_with_zeros()
    {
        var values = Read(EdgePolicy.Pad, Ramp(), new PixelRect(3, 1, 4, 3));
        Assert.Equal(new float[]
        {
            13, 14, 0, 0,
            23, 24, 0, 0,
            0, 0, 0, 0,
        }, values);
    }

    [Fact]
    public void Every_channel_is_read_and_filled_plane_by_plane()
    {
        var values = Read(EdgePolicy.Reflect, Ramp(channels: 2), new PixelRect(4, 2, 2, 1));
        Assert.Equal(new float[] { 24, 23, 124, 123 }, values);
    }

    [Fact]
    public void Reading_a_tile_and_its_target_use_the_micrograph_and_its_pair()
    {
        var pair = TilingTestImages.Labels(new[] { 0, 1, 2 }, new[] { 3, 4, 5 });
        var m = TilingTestImages.WithPair("field", pair);
        var tile = new Tile(0, m, 0, new PixelRect(1, 0, 3, 2));
        using var reader = new TileReader(EdgePolicy.Reflect);
        Assert.Equal(6, TileReader.ImageSampleCount(tile));
        Assert.Equal(6, TileReader.TargetSampleCount(tile));
        var image = new float[6];
        var target = new float[6];
        reader.ReadImage(tile, image);
        reader.ReadTarget(tile, target);
        Assert.All(image, v => Assert.Equal(128f, v));
        Assert.Equal(new float[] { 1, 2, 1, 4, 5, 4 }, target);
    }

    [Fact]
    public void A_batch_of_tiles_opens_each_pixel_source_once()
    {
        var imageSource = TilingTestImages.Bytes(64, 64, (x, y) => x ^ y);
        var pairSource = TilingTestImages.Bytes(64, 64, (x, y) => x > 32 ? 1 : 0);
        var m = imageSource.ToMicrograph("field").WithPair(pairSource.ToMicrograph("mask"));
        var set = TileSetBuilder.Build(new[] { m }, new TilingOptions(16) { Target = TileTarget.Image });
        using var reader = new TileReader(set);
        var image = new float[256];
        var target = new float[256];
        int opensBefore = imageSource.OpenCount;
        foreach (var tile in set.Tiles)
        {
            reader.ReadImage(tile, image);
            reader.ReadTarget(tile, target);
        }
        Assert.Equal(16, set.Count);
        Assert.Equal(1, imageSource.OpenCount - opensBefore);
        Assert.Equal(1, pairSource.OpenCount);
    }

    [Fact]
    public void Reading_a_target_of_a_micrograph_without_a_pair_fails_naming_it()
    {
        var tile = new Tile(0, Ramp(), 0, new PixelRect(0, 0, 2, 2));
        using var reader = new TileReader(EdgePolicy.Drop);
        var e = Assert.Throws<InvalidOperationException>(() => reader.ReadTarget(tile, new float[4]));
        Assert.Contains("ramp", e.Message);
    }
}
