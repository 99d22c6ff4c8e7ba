using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Imaging.Tiling;

public class TileSetBuilderTests
{
    private static Micrograph Blank(string name, int width, int height) =>
        TilingTestImages.Bytes(width, height, (_, _) => 0).ToMicrograph(name);

    [Fact]
    public void Tiles_without_a_target_follow_the_grid_and_are_numbered_across_micrographs()
    {
        var set = TileSetBuilder.Build(new[] { Blank("a", 100, 70), Blank("b", 64, 32) }, new TilingOptions(32));
        Assert.Equal(6 + 2, set.Count);
        Assert.Equal(Enumerable.Range(0, 8), set.Tiles.Select(t => t.Index));
        Assert.Equal(new[] { "a", "a", "a", "a", "a", "a", "b", "b" }, set.Tiles.Select(t => t.Source.Name));
        Assert.All(set.Tiles, t => Assert.Equal(-1, t.Label));
        Assert.Equal((32, 32, EdgePolicy.Drop, TileTarget.None, 0), (set.TileSize, set.Stride, set.EdgePolicy, set.Target, set.ClassCount));
        Assert.Equal(2, set.Sources.Count);
    }

    [Fact]
    public void Label_target_binarizes_the_pair_by_Otsu_and_labels_tiles_by_positive_area()
    {
        // Bright (220) where x < 40, dark (20) elsewhere: the tiles at x = 32 are a quarter positive.
        var pair = TilingTestImages.Bytes(64, 64, (x, _) => x < 40 ? 220 : 20);
        var m = TilingTestImages.WithPair("field", pair);
        var set = TileSetBuilder.Build(new[] { m }, new TilingOptions(32) { Target = TileTarget.Label });
        Assert.Equal(new[] { 1, 0, 1, 0 }, set.Tiles.Select(t => t.Label));
        Assert.Equal(new double?[] { 1, 0.25, 1, 0.25 }, set.Tiles.Select(t => t.PositiveFraction));
        Assert.Equal(2, set.ClassCount);
        Assert.Equal(new[] { 2, 2 }, set.ClassCounts);
    }

    [Fact]
    public void Label_target_honours_the_area_fraction()
    {
        var pair = TilingTestImages.Bytes(64, 64, (x, _) => x < 40 ? 220 : 20);
        var m = TilingTestImages.WithPair("field", pair);
        var set = TileSetBuilder.Build(new[] { m }, new TilingOptions(32) { Target = TileTarget.Label, AreaFraction = 0.25 });
        Assert.Equal(new[] { 1, 1, 1, 1 }, set.Tiles.Select(t => t.Label));
        set = TileSetBuilder.Build(new[] { m }, new TilingOptions(32) { Target = TileTarget.Label, AreaFraction = 0.26 });
        Assert.Equal(new[] { 1, 0, 1, 0 }, set.Tiles.Select(t => t.Label));
    }

    [Fact]
    public void Label_target_uses_an_explicit_threshold_where_one_is_given()
    {
        // Values rise with x: above 47 from x = 48 on; the right tile is half positive.
        var pair = TilingTestImages.Bytes(64, 32, (x, _) => x);
        var m = TilingTestImages.WithPair("ramp", pair);
        var set = TileSetBuilder.Build(new[] { m }, new TilingOptions(32) { Target = TileTarget.Label, Threshold = 47 });
        Assert.Equal(new double?[] { 0, 0.5 }, set.Tiles.Select(t => t.PositiveFraction));
        Assert.Equal(new[] { 0, 1 }, set.Tiles.Select(t => t.Label));
    }

    [Fact]
    public void Padded_tiles_count_only_pixels_inside_the_image()
    {
        // 48 wide: the second tile has 16 columns inside, all positive.
        var pair = TilingTestImages.Bytes(48, 32, (x, _) => x >= 32 ? 255 : 0);
        var m = TilingTestImages.WithPair("edge", pair);
        var set = TileSetBuilder.Build(new[] { m }, new TilingOptions(32) { Target = TileTarget.Label, EdgePolicy = EdgePolicy.Pad });
        Assert.Equal(new double?[] { 0, 1 }, set.Tiles.Select(t => t.PositiveFraction));
        Assert.Equal(new PixelRect(32, 0, 32, 32), set.Tiles[1].Rect);
    }

    [Fact]
    public void CenterClass_target_labels_a_tile_with_the_class_of_its_centre_pixel()
    {
        // 8×8 label image in four 4×4 quadrants of classes 0, 1, 2 and 7 (ignored); centres at 2 and 6.
        var pair = TilingTestImages.Bytes(8, 8, (x, y) => (x < 4, y < 4) switch
        {
            (true, true) => 0,
            (false, true) => 1,
            (true, false) => 2,
            _ => 7,
        });
        var m = TilingTestImages.WithPair("quadrants", pair);
        var options = new TilingOptions(4) { Target = TileTarget.CenterClass, ClassCount = 3, IgnoreClass = 7 };
        var set = TileSetBuilder.Build(new[] { m }, options);
        Assert.Equal(new[] { 0, 1, 2 }, set.Tiles.Select(t => t.Label));
        Assert.Equal(new[] { 0, 1, 2 }, set.Tiles.Select(t => t.Index));
        Assert.Equal(3, set.ClassCount);
        Assert.Equal(new[] { 1, 1, 1 }, set.ClassCounts);
    }

    [Fact]
    public void CenterClass_without_a_class_count_derives_it_from_the_largest_label_outside_the_ignore_class()
    {
        var pair = TilingTestImages.Bytes(8, 8, (x, y) => x < 4 ? 3 : y < 4 ? 1 : 255);
        var m = TilingTestImages.WithPair("field", pair);
        var set = TileSetBuilder.Build(new[] { m }, new TilingOptions(4) { Target = TileTarget.CenterClass, IgnoreClass = 255 });
        Assert.Equal(4, set.ClassCount);
        Assert.Equal(new[] { 3, 1, 3 }, set.Tiles.Select(t => t.Label));
    }

    private static readonly int[][] HistogramTile =
    {
        new[] { 0, 0, 1, 1 },
        new[] { 0, 9, 1, 2 },
        new[] { 2, 2, 9, 9 },
        new[] { 2, 1, 9, 9 },
    };

    private static Tile HistogramOf(int[][] labels, params int[] grids)
    {
        var m = TilingTestImages.WithPair("cells", TilingTestImages.Labels(labels));
        var options = new TilingOptions(4) { Target = TileTarget.ClassHistogram, ClassCount = 3, IgnoreClass = 9, Grids = grids };
        var set = TileSetBuilder.Build(new[] { m }, options);
        Assert.Equal(grids, set.Grids);
        return Assert.Single(set.Tiles);
    }

    [Fact]
    public void ClassHistogram_with_one_cell_counts_the_whole_tile_leaving_out_the_ignore_class()
    {
        var tile = HistogramOf(HistogramTile, 1);
        // 11 pixels outside the ignore class: 3 of class 0, 4 of class 1, 4 of class 2.
        Assert.Equal(new[] { 3f / 11, 4f / 11, 4f / 11 }, tile.Histograms![0], FloatComparer);
    }

    [Fact]
    public void ClassHistogram_with_a_2_by_2_grid_counts_each_quadrant_and_zeroes_an_all_ignore_cell()
    {
        var tile = HistogramOf(HistogramTile, 2);
        Assert.Equal(new[]
        {
            1f, 0f, 0f,        // top left: 0 0 0 (9)
            0f, 0.75f, 0.25f,  // top right: 1 1 1 2
            0f, 0.25f, 0.75f,  // bottom left: 2 2 2 1
            0f, 0f, 0f,        // bottom right: all ignored
        }, tile.Histograms![0], FloatComparer);
    }

    [Fact]
    public void ClassHistogram_with_a_4_by_4_grid_is_one_hot_per_pixel()
    {
        var tile = HistogramOf(HistogramTile, 4, 1, 2);
        Assert.Equal(3, tile.Histograms!.Count);
        var h = tile.Histograms[0];
        Assert.Equal(4 * 4 * 3, h.Length);
        for (int y = 0; y < 4; y++)
        {
            for (int x = 0; x < 4; x++)
            {
                int label = HistogramTile[y][x];
                for (int k = 0; k < 3; k++)
                {
                    Assert.Equal(label == k ? 1f : 0f, h[(y * 4 + x) * 3 + k]);
                }
            }
        }
    }

    [Fact]
    public void Every_class_histogram_cell_sums_to_one_unless_it_is_all_ignored()
    {
        var labels = TilingTestImages.Bytes(40, 40, (x, y) => (x * 7 + y * 13) % 11 == 0 ? 9 : (x / 3 + y / 5) % 3);
        var m = TilingTestImages.WithPair("texture", labels);
        var set = TileSetBuilder.Build(new[] { m }, new TilingOptions(20)
        {
            Target = TileTarget.ClassHistogram, ClassCount = 3, IgnoreClass = 9, Grids = new[] { 1, 2, 4, 3 },
        });
        Assert.Equal(4, set.Count);
        foreach (var tile in set.Tiles)
        {
            foreach (var h in tile.Histograms!)
            {
                for (int cell = 0; cell < h.Length / 3; cell++)
                {
                    Assert.Equal(1.0, h[cell * 3] + h[cell * 3 + 1] + h[cell * 3 + 2], 5);
                }
            }
        }
    }

    [Fact]
    public void A_grid_that_does_not_divide_the_tile_splits_it_by_integer_rounding()
    {
        // Tile of 5, r = 2: cells cover columns 0–1 and 2–4.
        var labels = new[]
        {
            new[] { 0, 0, 1, 1, 1 },
            new[] { 0, 0, 1, 1, 1 },
            new[] { 2, 2, 2, 2, 2 },
            new[] { 2, 2, 2, 2, 2 },
            new[] { 2, 2, 2, 2, 2 },
        };
        var m = TilingTestImages.WithPair("odd", TilingTestImages.Labels(labels));
        var set = TileSetBuilder.Build(new[] { m }, new TilingOptions(5) { Target = TileTarget.ClassHistogram, ClassCount = 3, Grids = new[] { 2 } });
        Assert.Equal(new[] { 1f, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1 }, set.Tiles[0].Histograms![0]);
    }

    [Fact]
    public void ClassHistogram_without_a_class_count_scans_the_pairs_for_the_largest_label()
    {
        var m = TilingTestImages.WithPair("cells", TilingTestImages.Labels(HistogramTile));
        var set = TileSetBuilder.Build(new[] { m }, new TilingOptions(4) { Target = TileTarget.ClassHistogram, IgnoreClass = 9, Grids = new[] { 1 } });
        Assert.Equal(3, set.ClassCount);
        Assert.Equal(3, set.Tiles[0].Histograms![0].Length);
    }

    [Fact]
    public void A_label_outside_the_classes_fails_naming_the_file_and_the_value()
    {
        var m = TilingTestImages.WithPair("cells", TilingTestImages.Labels(HistogramTile));
        var options = new TilingOptions(4) { Target = TileTarget.ClassHistogram, ClassCount = 3, Grids = new[] { 1 } };
        var e = Assert.Throws<TilingException>(() => TileSetBuilder.Build(new[] { m }, options));
        Assert.Contains("cells labels", e.Message);
        Assert.Contains("9", e.Message);
        Assert.Same(m, e.Micrograph);
    }

    [Fact]
    public void A_micrograph_without_a_pair_given_a_Label_target_fails_with_a_message_naming_it()
    {
        var builder = new TileSetBuilder(new TilingOptions(16) { Target = TileTarget.Label });
        var lonely = Blank("lonely.png", 32, 32);
        var e = Assert.Throws<TilingException>(() => builder.Add(lonely));
        Assert.Contains("lonely.png", e.Message);
        Assert.Contains("pair", e.Message);
    }

    [Fact]
    public void A_failing_micrograph_adds_nothing_and_the_next_one_is_still_tiled()
    {
        var builder = new TileSetBuilder(new TilingOptions(4) { Target = TileTarget.CenterClass, ClassCount = 2 });
        var good = TilingTestImages.WithPair("good", TilingTestImages.Bytes(8, 8, (x, _) => x < 4 ? 0 : 1));
        // The second row of tiles centres on a 5: the first row's tiles must not survive the failure.
        var bad = TilingTestImages.WithPair("bad", TilingTestImages.Bytes(8, 8, (_, y) => y < 4 ? 0 : 5));
        Assert.Throws<TilingException>(() => builder.Add(bad));
        Assert.Equal(0, builder.TileCount);
        Assert.Throws<TilingException>(() => builder.Add(Blank("no pair", 8, 8)));
        var added = builder.Add(good);
        Assert.Equal(4, added.Count);
        var set = builder.Build();
        Assert.Equal(new[] { 0, 1, 2, 3 }, set.Tiles.Select(t => t.Index));
        Assert.Equal(new[] { "good" }, set.Sources.Select(s => s.Name));
    }

    private static Micrograph Textured()
    {
        // Background near 100 with a little deterministic noise; the top-left 32×32 is a strong checkerboard.
        return TilingTestImages.Bytes(64, 64, (x, y) =>
            x < 32 && y < 32 ? ((x + y) % 2 == 0 ? 250 : 0) : 100 + (x * 31 + y * 17) % 5 - 2).ToMicrograph("textured");
    }

    [Fact]
    public void Foreground_filter_drops_blank_tiles_and_keeps_textured_ones()
    {
        var set = TileSetBuilder.Build(new[] { Textured() }, new TilingOptions(32) { ForegroundFraction = 0.5 });
        var tile = Assert.Single(set.Tiles);
        Assert.Equal(new PixelRect(0, 0, 32, 32), tile.Rect);
        Assert.Equal(0, tile.Index);
    }

    [Fact]
    public void Foreground_filter_sees_a_change_of_hue_that_keeps_the_brightness()
    {
        // Pink background (200, 150, 190); the top-left 32×32 is purple (150, 200, 190): the same
        // channel mean, so only a per-channel test tells it from the background.
        const int w = 64, h = 64;
        var rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                bool stained = x < 32 && y < 32;
                int noise = (x * 31 + y * 17) % 5 - 2;
                rgb[0 * w * h + y * w + x] = (byte)((stained ? 150 : 200) + noise);
                rgb[1 * w * h + y * w + x] = (byte)((stained ? 200 : 150) + noise);
                rgb[2 * w * h + y * w + x] = (byte)(190 + noise);
            }
        }
        var m = new ArrayPixelSource(rgb, w, h, channels: 3).ToMicrograph("smear");
        var set = TileSetBuilder.Build(new[] { m }, new TilingOptions(32) { ForegroundFraction = 0.5 });
        Assert.Equal(new PixelRect(0, 0, 32, 32), Assert.Single(set.Tiles).Rect);
    }

    [Fact]
    public void Foreground_filter_keeps_everything_at_a_fraction_of_zero()
    {
        var set = TileSetBuilder.Build(new[] { Textured() }, new TilingOptions(32) { ForegroundFraction = 0 });
        Assert.Equal(4, set.Count);
    }

    [Fact]
    public void The_same_input_gives_an_identical_tile_set()
    {
        var labels = TilingTestImages.Bytes(70, 50, (x, y) => (x * x + 3 * y) % 3);
        var m = TilingTestImages.WithPair("field", labels);
        var options = new TilingOptions(16)
        {
            Overlap = 4, EdgePolicy = EdgePolicy.Reflect, Target = TileTarget.ClassHistogram, Grids = new[] { 1, 2 },
            ForegroundFraction = 0,
        };
        var a = TileSetBuilder.Build(new[] { m }, options);
        var b = TileSetBuilder.Build(new[] { m }, options);
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a.Tiles[i].Rect, b.Tiles[i].Rect);
            Assert.Equal(a.Tiles[i].Label, b.Tiles[i].Label);
            Assert.Equal(a.Tiles[i].Histograms![0], b.Tiles[i].Histograms![0]);
            Assert.Equal(a.Tiles[i].Histograms![1], b.Tiles[i].Histograms![1]);
        }
    }

    [Fact]
    public void The_tile_loop_reads_one_tile_at_a_time()
    {
        var pairSource = TilingTestImages.Bytes(128, 96, (x, y) => (x + y) % 7);
        var m = TilingTestImages.WithPair("big", pairSource);
        TileSetBuilder.Build(new[] { m }, new TilingOptions(32) { Target = TileTarget.Label, Threshold = 3 });
        Assert.Equal(12, pairSource.RegionReads);
        Assert.Equal(32 * 32, pairSource.LargestRegionArea);
    }

    [Fact]
    public void Image_target_needs_a_pair_but_stores_nothing_per_tile()
    {
        var m = TilingTestImages.WithPair("field", TilingTestImages.Bytes(32, 32, (x, _) => x));
        var set = TileSetBuilder.Build(new[] { m }, new TilingOptions(16) { Target = TileTarget.Image });
        Assert.Equal(4, set.Count);
        Assert.All(set.Tiles, t => Assert.Null(t.Histograms));
        Assert.Throws<TilingException>(() => TileSetBuilder.Build(new[] { Blank("alone", 32, 32) }, new TilingOptions(16) { Target = TileTarget.Image }));
    }

    [Fact]
    public void Progress_is_reported_per_row_of_tiles_and_cancellation_stops_the_work()
    {
        var reports = new List<TilingProgress>();
        var builder = new TileSetBuilder(new TilingOptions(32), new SynchronousProgress(reports.Add));
        builder.Add(Blank("a", 100, 70));
        Assert.Equal(new[] { 3, 6 }, reports.Select(r => r.PositionsDone));
        Assert.All(reports, r => Assert.Equal(6, r.PositionsTotal));
        Assert.Equal(100, reports[^1].PercentComplete);

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => builder.Add(Blank("b", 100, 70), cts.Token));
        Assert.Equal(6, builder.TileCount);
    }

    [Fact]
    public void Tiles_are_cut_from_the_chosen_frame_and_a_missing_frame_is_an_error()
    {
        var source = new ArrayPixelSource(new byte[2 * 16 * 16], 16, 16, frames: 2);
        var set = TileSetBuilder.Build(new[] { source.ToMicrograph("stack") }, new TilingOptions(8) { Frame = 1 });
        Assert.All(set.Tiles, t => Assert.Equal(1, t.Frame));
        var e = Assert.Throws<TilingException>(() => TileSetBuilder.Build(new[] { source.ToMicrograph("stack") }, new TilingOptions(8) { Frame = 2 }));
        Assert.Contains("stack", e.Message);
    }

    private static readonly IEqualityComparer<float> FloatComparer = new Tolerance(1e-6f);

    private sealed class Tolerance(float epsilon) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= epsilon;
        public int GetHashCode(float obj) => 0;
    }

    private sealed class SynchronousProgress(Action<TilingProgress> report) : IProgress<TilingProgress>
    {
        public void Report(TilingProgress value) => report(value);
    }
}
