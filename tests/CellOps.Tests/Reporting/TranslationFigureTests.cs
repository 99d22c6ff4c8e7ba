using CellOps.Reporting.Figures;
using CellOps.Runtime.Metrics;
using SkiaSharp;
using Xunit;

namespace CellOps.Tests.Reporting;

public sealed class TranslationFigureTests
{
    [Fact]
    public void The_intensity_scatter_is_a_report_sized_PNG_with_its_points_drawn()
    {
        var random = new Random(1);
        var truth = Enumerable.Range(0, 3000).Select(_ => (float)(random.NextDouble() * 4000)).ToArray();
        var predicted = truth.Select(t => t * 0.9f + (float)(random.NextDouble() * 300)).ToArray();
        var png = FigureStyle.ToPng(IntensityScatterFigure.Draw("unet-dapi", "DAPI", new IntensitySample(truth, predicted), 0.97));

        using var image = Decode(png);
        Assert.True(SeriesPixels(image, FigureStyle.SeriesColor(0)) > 2000, "The sampled points are not drawn.");
    }

    [Fact]
    public void The_intensity_scatter_copes_with_no_sample_and_a_flat_one()
    {
        Decode(FigureStyle.ToPng(IntensityScatterFigure.Draw("m", "MAP2", IntensitySample.Empty, null))).Dispose();
        Decode(FigureStyle.ToPng(IntensityScatterFigure.Draw("m", "MAP2", new IntensitySample([5f, 5f], [5f, 5f]), null))).Dispose();
    }

    [Fact]
    public void The_positive_area_figure_is_a_report_sized_PNG_with_one_marker_per_field()
    {
        var png = FigureStyle.ToPng(PositiveAreaFigure.Draw("unet-map2", "MAP2", [0.1, 0.3, 0.45, 0.6], [0.12, 0.28, 0.5, 0.55], 0.99));
        using var image = Decode(png);
        Assert.True(SeriesPixels(image, FigureStyle.SeriesColor(1)) > 100, "The fields are not drawn.");

        Decode(FigureStyle.ToPng(PositiveAreaFigure.Draw("m", "MAP2", [], [], null))).Dispose();
        Assert.Throws<ArgumentException>("predicted", () => PositiveAreaFigure.Draw("m", "MAP2", [0.1], [], null));
    }

    private static SKBitmap Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, png[..8]);
        var image = SKBitmap.Decode(png);
        Assert.NotNull(image);
        Assert.Equal(FigureStyle.Width, image.Width);
        Assert.Equal(FigureStyle.Height, image.Height);
        return image;
    }

    // Pixels close to the series colour's hue (blended with white by translucency or antialiasing).
    private static int SeriesPixels(SKBitmap image, ScottPlot.Color series)
    {
        int count = 0;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                var c = image.GetPixel(x, y);
                // Blended over white: each channel lies on the line from the series colour to 255.
                double a = 255 - series.R, b = 255 - series.G, d = 255 - series.B;
                double k = ((255 - c.Red) * a + (255 - c.Green) * b + (255 - c.Blue) * d) / (a * a + b * b + d * d);
                if (k < 0.2) continue;
                double error = Math.Abs(255 - k * a - c.Red) + Math.Abs(255 - k * b - c.Green) + Math.Abs(255 - k * d - c.Blue);
                if (error < 30) count++;
            }
        }
        return count;
    }
}
