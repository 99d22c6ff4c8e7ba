using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Imaging.Tiling;

public sealed class CenteredGridTests
{
    [Fact]
    public void Central_blocks_tile_the_axis_once()
    {
        // Tiles of 8 every 2 pixels: block i covers [2i, 2i + 2), so a tile starts 3 pixels before its block.
        Assert.Equal(new[] { -3, -1, 1, 3, 5 }, TileGrid.CenteredOrigins(10, 8, 2));
        // A length that is no multiple of the stride still gets a block over its last pixel.
        Assert.Equal(new[] { 0, 4, 8 }, TileGrid.CenteredOrigins(9, 4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => TileGrid.CenteredOrigins(10, 4, 5));
    }

    [Fact]
    public void Centred_tiles_need_an_edge_policy_that_reads_past_the_image()
    {
        var options = new TilingOptions(8) { Stride = 4, Centered = true };
        Assert.Throws<ArgumentException>(() => options.Validate());
        (options with { EdgePolicy = EdgePolicy.Reflect }).Validate();
    }

    [Fact]
    public void Label_values_turn_a_mask_into_classes_and_name_them()
    {
        // Left half 255 (interior), right half 0 (membrane), one ignored pixel of 128.
        var mask = new byte[8 * 8];
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 4; x++)
                mask[y * 8 + x] = 255;
        mask[0] = 128;
        var image = new ArrayPixelSource(new byte[64], 8, 8).ToMicrograph("em.png")
            .WithPair(new ArrayPixelSource(mask, 8, 8).ToMicrograph("em-mask.png", ChannelRole.Mask));
        var tiles = TileSetBuilder.Build(new[] { image }, new TilingOptions(8)
        {
            Target = TileTarget.ClassHistogram, Grids = new[] { 2 }, LabelValues = new[] { 0, 255 }, IgnoreClass = 128,
            ClassNames = new[] { "membrane", "interior" },
        });

        Assert.Equal(2, tiles.ClassCount);
        Assert.Equal(new[] { "membrane", "interior" }, tiles.ClassNames);
        Assert.Equal(new[] { 0, 255 }, tiles.LabelValues);
        // Cells row-major, two classes each: top-left all interior (its ignored pixel left out), top-right all membrane.
        Assert.Equal(new float[] { 0, 1, 1, 0, 0, 1, 1, 0 }, tiles.Tiles[0].Histograms![0]);
        Assert.Equal(LabelCoding.Ignored, tiles.Coding!.ClassOf(128));
    }

    [Fact]
    public void A_mask_value_that_is_no_class_names_the_file_and_the_values()
    {
        var mask = new byte[16];
        mask[5] = 7;
        var image = new ArrayPixelSource(new byte[16], 4, 4).ToMicrograph("em.png")
            .WithPair(new ArrayPixelSource(mask, 4, 4).ToMicrograph("em-mask.png", ChannelRole.Mask));
        var error = Assert.Throws<TilingException>(() => TileSetBuilder.Build(new[] { image }, new TilingOptions(4)
        {
            Target = TileTarget.ClassHistogram, Grids = new[] { 1 }, LabelValues = new[] { 0, 255 },
        }));
        Assert.Contains("em-mask.png", error.Message);
        Assert.Contains("(1, 1)", error.Message);
        Assert.Contains("0 or 255", error.Message);
    }
}
