using CellOps.Imaging.Formats;
using CellOps.Imaging.Maps;
using CellOps.Sdk.Imaging;
using Xunit;

namespace CellOps.Tests.Imaging.Maps;

public sealed class MapAssemblerTests
{
    private static readonly string[] TwoClasses = ["negative", "positive"];

    private static Micrograph Blank(int width, int height) =>
        new ArrayPixelSource(new byte[width * height], width, height).ToMicrograph("field.png");

    [Fact]
    public void Tiles_that_do_not_overlap_are_reassembled_exactly_and_uncovered_pixels_stay_empty()
    {
        var assembler = new MapAssembler(12, 8, 2);
        assembler.Add(new PixelRect(0, 0, 4, 4), [0.9f, 0.1f]);
        assembler.Add(new PixelRect(4, 0, 4, 4), [0.2f, 0.8f]);
        assembler.Add(new PixelRect(0, 4, 4, 4), [0.5f, 0.5f]);
        var map = assembler.Build(Blank(12, 8), TwoClasses);

        var positive = map.Plane(1);
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 12; x++)
            {
                float expected = (x, y) switch
                {
                    ( < 4, < 4) => 0.1f,
                    ( < 8, < 4) => 0.8f,
                    ( < 4, _) => 0.5f,
                    _ => 0f,
                };
                Assert.Equal(expected, positive[y * 12 + x], 6);
                Assert.Equal(x < 8 && y < 4 || x < 4, map.IsCovered(x, y));
            }
        }
        var labels = map.LabelMap();
        Assert.Equal(0, labels[0]);
        Assert.Equal(1, labels[5]);
        Assert.Equal(0, labels[4 * 12]);            // a 0.5/0.5 tie goes to the lower class
        Assert.Equal(byte.MaxValue, labels[7 * 12 + 11]);
        Assert.Equal(48.0 / 96, map.CoveredFraction, 9);
    }

    [Fact]
    public void Overlapping_tiles_hand_over_gradually_instead_of_leaving_a_seam()
    {
        // Two 8-wide tiles overlapping on columns 4..7, one wholly negative, one wholly positive.
        // Pasting would jump from 0 to 1 in one pixel; the tent blend climbs in steps of at most 1/4.
        var assembler = new MapAssembler(12, 1, 2);
        assembler.Add(new PixelRect(0, 0, 8, 1), [1f, 0f]);
        assembler.Add(new PixelRect(4, 0, 8, 1), [0f, 1f]);
        var positive = assembler.Build(Blank(12, 1), TwoClasses).Plane(1).ToArray();

        // Hand-computed: weights at pixel centres are min(i + 0.5, 8 - i - 0.5) / 4 within each tile.
        float[] expected = [0, 0, 0, 0, 0.125f, 0.375f, 0.625f, 0.875f, 1, 1, 1, 1];
        for (int x = 0; x < 12; x++) Assert.Equal(expected[x], positive[x], 5);
        for (int x = 1; x < 12; x++)
        {
            Assert.True(positive[x] >= positive[x - 1], $"not monotonic at {x}");
            Assert.True(positive[x] - positive[x - 1] <= 0.25f + 1e-6f, $"a seam at {x}: {positive[x - 1]} -> {positive[x]}");
        }
    }

    [Fact]
    public void A_grid_of_cell_distributions_paints_each_cell_with_its_own_distribution()
    {
        var assembler = new MapAssembler(4, 4, 3);
        // 2×2 cells, K = 3, row-major: top-left class 0, top-right class 1, bottom-left class 2, bottom-right mixed.
        float[] cells = [1, 0, 0, 0, 1, 0, 0, 0, 1, 0.2f, 0.5f, 0.3f];
        assembler.Add(new PixelRect(0, 0, 4, 4), cells, grid: 2);
        var map = assembler.Build(Blank(4, 4), ["a", "b", "c"]);
        var labels = map.LabelMap();
        Assert.Equal(new byte[] { 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 1, 1, 2, 2, 1, 1 }, labels);
        Assert.Equal(0.3f, map.Plane(2)[15], 6);
        Assert.Equal(new long[] { 4, 8, 4 }, assembler.LabelCounts());
    }

    [Fact]
    public void A_grid_with_the_wrong_number_of_values_is_refused()
    {
        var assembler = new MapAssembler(4, 4, 2);
        Assert.Throws<ArgumentException>(() => assembler.Add(new PixelRect(0, 0, 4, 4), new float[7], grid: 2));
    }

    [Theory]
    [InlineData(640, 480)]
    [InlineData(6000, 4000)] // measured on a coarser grid
    public void The_positive_area_is_the_share_of_covered_pixels_called_positive(int width, int height)
    {
        int half = width / 2;
        var tiles = new List<(PixelRect, float[])>
        {
            (new PixelRect(0, 0, half, height), [0.2f, 0.8f]),
            (new PixelRect(half, 0, width - half, height / 2), [0.7f, 0.3f]),
        };
        double? area = PositiveArea.Estimate(width, height, 2, tiles);
        Assert.NotNull(area);
        Assert.Equal(2.0 / 3, area!.Value, 2);
        Assert.Null(PositiveArea.Estimate(width, height, 2, []));
    }

    [Fact]
    public void Positive_area_of_tiles_on_one_grid_is_counted_tile_by_tile_and_agrees_with_the_map()
    {
        // A 150x100 image cut on a 32-pixel grid (edge tiles padded past the image), random classes.
        const int width = 150, height = 100, size = 32;
        var random = new Random(4);
        var tiles = new List<(PixelRect, float[])>();
        for (int y = 0; y < height; y += size)
        {
            for (int x = 0; x < width; x += size)
            {
                float p = (float)random.NextDouble();
                tiles.Add((new PixelRect(x, y, size, size), [p, 1 - p]));
            }
        }
        var assembler = new MapAssembler(width, height, 2);
        foreach (var (rect, probabilities) in tiles) assembler.Add(rect, probabilities);
        var counts = assembler.LabelCounts();

        double? area = PositiveArea.Estimate(width, height, 2, tiles);

        Assert.Equal((double)counts[1] / (counts[0] + counts[1]), area!.Value, 12);
    }
}
