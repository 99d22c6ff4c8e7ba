using CellOps.Imaging.Formats;
using CellOps.Imaging.Maps;
using CellOps.Imaging.Measurement;
using CellOps.Runtime.Inference;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Imaging.Maps;

/// <summary>Figures draw truth and maps from their overviews: the same picture for a micrograph, bounded for a slide.</summary>
public sealed class SegmentationFigureTests
{
    private static readonly LabelCoding Coding = new(3, ignoreValue: 9);

    private static Micrograph Labelled(int width, int height)
    {
        var labels = new byte[width * height];
        for (int i = 0; i < labels.Length; i++) labels[i] = (byte)((i % width) % 97 == 0 ? 9 : (i % width / 50 + i / width / 70) % 3);
        var pair = new ArrayPixelSource(labels, width, height).ToMicrograph("labels");
        var pixels = Enumerable.Range(0, width * height).Select(i => (byte)(i * 13)).ToArray();
        return new ArrayPixelSource(pixels, width, height).ToMicrograph("cells").WithPair(pair);
    }

    private static ProbabilityMap MapOf(Micrograph m)
    {
        var tiles = new[] { new Tile(0, m, 0, new PixelRect(0, 0, m.Width / 2, m.Height)), new Tile(1, m, 0, new PixelRect(m.Width / 2, 0, m.Width / 3, m.Height / 2)) };
        var output = new PredictionOutput([0.1f, 0.8f, 0.1f, 0.2f, 0.2f, 0.6f], 3, [-1, -1], null, 2);
        return Assert.Single(PredictionResult.Create("Test.Model", tiles, output, ["a", "b", "c"]).ToProbabilityMaps());
    }

    [Fact]
    public void A_micrograph_small_enough_to_show_whole_gives_the_same_figure_from_its_overview()
    {
        var m = Labelled(300, 220);
        var truth = new SegmentationTruth(Coding);
        using var map = MapOf(m);
        var overview = Overview.For(m.Width, m.Height);
        using var rows = truth.Open(m)!;

        var whole = SegmentationFigure.Compose([new SegmentationFigure.Row(m, truth.Read(m), [map.LabelMap()])], ["model"], 64);
        var reduced = SegmentationFigure.Compose([new SegmentationFigure.Row(m, overview.Sample(rows), [overview.Labels(map)])], ["model"], 64);

        Assert.Equal(1, overview.Factor);
        Assert.Equal(whole.Rgb, reduced.Rgb);
    }

    [Fact]
    public void A_slide_is_drawn_from_truth_and_labels_sampled_at_its_overview()
    {
        // 4200×4100 reduces by 2 to 2100×2050: each overview pixel shows the middle of its 2×2 block.
        var m = Labelled(4200, 4100);
        var truth = new SegmentationTruth(Coding);
        using var map = MapOf(m);
        var overview = Overview.For(m.Width, m.Height);
        using var rows = truth.Open(m)!;
        var wholeTruth = truth.Read(m)!;
        var wholeLabels = map.LabelMap();

        var sampled = overview.Sample(rows);
        var labels = overview.Labels(map);

        Assert.Equal((2, 2100, 2050), (overview.Factor, overview.Width, overview.Height));
        for (int oy = 0; oy < overview.Height; oy += 37)
            for (int ox = 0; ox < overview.Width; ox += 41)
            {
                int source = (2 * oy + 1) * m.Width + 2 * ox + 1;
                Assert.Equal(wholeTruth[source], sampled[oy * overview.Width + ox]);
                Assert.Equal(wholeLabels[source], labels[oy * overview.Width + ox]);
            }
        var (rgb, width, height) = SegmentationFigure.Compose([new SegmentationFigure.Row(m, sampled, [labels])], ["model"], 64);
        Assert.Equal(width * height * 3, rgb.Length);
        Assert.Throws<ArgumentException>(() => SegmentationFigure.Compose([new SegmentationFigure.Row(m, new byte[100], [labels])], ["model"], 64));
    }
}
