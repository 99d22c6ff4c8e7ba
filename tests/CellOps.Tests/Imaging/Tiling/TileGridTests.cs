using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Imaging.Tiling;

public class TileGridTests
{
    [Theory]
    // 100×70 image, tiles of 32.
    [InlineData(EdgePolicy.Drop, 32, new[] { 0, 32, 64 }, new[] { 0, 32 })]
    [InlineData(EdgePolicy.Pad, 32, new[] { 0, 32, 64, 96 }, new[] { 0, 32, 64 })]
    [InlineData(EdgePolicy.Reflect, 32, new[] { 0, 32, 64, 96 }, new[] { 0, 32, 64 })]
    [InlineData(EdgePolicy.Shift, 32, new[] { 0, 32, 64, 68 }, new[] { 0, 32, 38 })]
    [InlineData(EdgePolicy.Drop, 24, new[] { 0, 24, 48 }, new[] { 0, 24 })]
    [InlineData(EdgePolicy.Pad, 24, new[] { 0, 24, 48, 72 }, new[] { 0, 24, 48 })]
    [InlineData(EdgePolicy.Shift, 24, new[] { 0, 24, 48, 68 }, new[] { 0, 24, 38 })]
    public void Origins_on_a_100_by_70_image_match_hand_computed_grids(EdgePolicy policy, int stride, int[] xs, int[] ys)
    {
        Assert.Equal(xs, TileGrid.Origins(100, 32, stride, policy));
        Assert.Equal(ys, TileGrid.Origins(70, 32, stride, policy));
        Assert.Equal(xs.Length * ys.Length, TileGrid.Compute(100, 70, 32, stride, policy).Count);
    }

    [Fact]
    public void Overlap_of_8_on_tiles_of_32_means_a_stride_of_24()
    {
        var options = new TilingOptions(32) { Overlap = 8 };
        options.Validate();
        Assert.Equal(24, options.EffectiveStride);
        Assert.Equal(new[] { 0, 24, 48 }, TileGrid.Origins(100, 32, options.EffectiveStride, EdgePolicy.Drop));
    }

    [Fact]
    public void Stride_defaults_to_the_tile_size()
    {
        Assert.Equal(32, new TilingOptions(32).EffectiveStride);
        Assert.Equal(10, new TilingOptions(32) { Stride = 10 }.EffectiveStride);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(40)]
    [InlineData(-1)]
    public void Overlap_must_be_smaller_than_the_tile_and_not_negative(int overlap)
    {
        var e = Assert.Throws<ArgumentException>(() => new TilingOptions(32) { Overlap = overlap }.Validate());
        Assert.Contains("overlap", e.Message);
    }

    [Fact]
    public void Stride_and_overlap_that_disagree_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new TilingOptions(32) { Overlap = 8, Stride = 20 }.Validate());
        new TilingOptions(32) { Overlap = 8, Stride = 24 }.Validate();
    }

    [Fact]
    public void Drop_policy_keeps_only_full_tiles()
    {
        var rects = TileGrid.Compute(100, 70, 32, 32, EdgePolicy.Drop);
        Assert.Equal(6, rects.Count);
        Assert.All(rects, r => Assert.True(r.IsInside(100, 70)));
    }

    [Fact]
    public void Pad_policy_adds_partial_tiles_reaching_past_the_right_and_bottom_edges()
    {
        var rects = TileGrid.Compute(100, 70, 32, 32, EdgePolicy.Pad);
        Assert.Equal(12, rects.Count);
        Assert.Contains(new PixelRect(96, 64, 32, 32), rects);
        Assert.All(rects, r => Assert.True(r.X < 100 && r.Y < 70 && r.X >= 0 && r.Y >= 0));
    }

    [Fact]
    public void Pad_policy_adds_no_tile_once_the_previous_one_reaches_the_edge()
    {
        // With overlap the tile at 72 already reaches 100; a tile at 96 would add nothing new.
        Assert.Equal(new[] { 0, 24, 48, 72 }, TileGrid.Origins(100, 32, 24, EdgePolicy.Pad));
        Assert.Equal(new[] { 0, 32, 64 }, TileGrid.Origins(96, 32, 32, EdgePolicy.Pad));
    }

    [Fact]
    public void Shift_policy_moves_the_last_tile_inward_to_end_at_the_edge()
    {
        var rects = TileGrid.Compute(100, 70, 32, 32, EdgePolicy.Shift);
        Assert.All(rects, r => Assert.True(r.IsInside(100, 70)));
        Assert.Contains(new PixelRect(68, 38, 32, 32), rects);
    }

    [Fact]
    public void Shift_policy_adds_no_duplicate_when_the_grid_fits_exactly()
    {
        Assert.Equal(new[] { 0, 32, 64 }, TileGrid.Origins(96, 32, 32, EdgePolicy.Shift));
    }

    [Theory]
    [InlineData(EdgePolicy.Drop, 0)]
    [InlineData(EdgePolicy.Shift, 0)]
    [InlineData(EdgePolicy.Pad, 1)]
    [InlineData(EdgePolicy.Reflect, 1)]
    public void An_image_smaller_than_a_tile_gives_one_padded_tile_or_none(EdgePolicy policy, int expected)
    {
        var rects = TileGrid.Compute(20, 10, 32, 32, policy);
        Assert.Equal(expected, rects.Count);
        if (expected == 1) Assert.Equal(new PixelRect(0, 0, 32, 32), rects[0]);
    }

    [Theory]
    [InlineData(EdgePolicy.Pad, 32)]
    [InlineData(EdgePolicy.Reflect, 24)]
    [InlineData(EdgePolicy.Shift, 32)]
    [InlineData(EdgePolicy.Shift, 24)]
    public void Every_pixel_is_covered_under_pad_reflect_and_shift(EdgePolicy policy, int stride)
    {
        var covered = new bool[70, 100];
        foreach (var r in TileGrid.Compute(100, 70, 32, stride, policy))
            for (int y = Math.Max(0, r.Y); y < Math.Min(70, r.Bottom); y++)
                for (int x = Math.Max(0, r.X); x < Math.Min(100, r.Right); x++)
                    covered[y, x] = true;
        Assert.All(covered.Cast<bool>(), Assert.True);
    }

    [Fact]
    public void Drop_policy_leaves_the_remainder_past_the_last_full_tile_uncovered()
    {
        var rects = TileGrid.Compute(100, 70, 32, 32, EdgePolicy.Drop);
        Assert.Equal(96, rects.Max(r => r.Right));
        Assert.Equal(64, rects.Max(r => r.Bottom));
    }

    [Fact]
    public void Tiles_are_listed_row_by_row()
    {
        var rects = TileGrid.Compute(100, 70, 32, 32, EdgePolicy.Drop);
        Assert.Equal(new[] { new PixelRect(0, 0, 32, 32), new PixelRect(32, 0, 32, 32), new PixelRect(64, 0, 32, 32),
            new PixelRect(0, 32, 32, 32), new PixelRect(32, 32, 32, 32), new PixelRect(64, 32, 32, 32) }, rects);
    }

    [Fact]
    public void A_stride_larger_than_the_tile_leaves_gaps()
    {
        Assert.Equal(new[] { 0, 40 }, TileGrid.Origins(100, 32, 40, EdgePolicy.Drop));
        Assert.Equal(new[] { 0, 40, 80 }, TileGrid.Origins(100, 32, 40, EdgePolicy.Pad));
    }
}
