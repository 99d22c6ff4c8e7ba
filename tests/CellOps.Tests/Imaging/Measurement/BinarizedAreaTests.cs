using CellOps.Imaging.Formats;
using CellOps.Imaging.Measurement;
using CellOps.Sdk.Imaging;
using Xunit;

namespace CellOps.Tests.Imaging.Measurement;

public sealed class BinarizedAreaTests
{
    [Fact]
    public void Counts_the_pixels_strictly_above_a_given_threshold()
    {
        // 10×10, values 0..99: 100 - 61 = 39 pixels are above 60.
        var pixels = Enumerable.Range(0, 100).Select(v => (byte)v).ToArray();
        var image = new ArrayPixelSource(pixels, 10, 10).ToMicrograph("gfp.png");
        var result = BinarizedArea.Measure(image, threshold: 60);
        Assert.Equal(39, result.PositivePixels);
        Assert.Equal(100, result.Pixels);
        Assert.Equal(0.39, result.Fraction, 12);
        Assert.Equal(60, result.Threshold);
    }

    [Fact]
    public void Without_a_threshold_splits_a_two_level_image_where_its_levels_are()
    {
        // A quarter bright (200 ± 3), the rest dim (20 ± 3): Otsu's threshold falls between them.
        var random = new Random(5);
        var pixels = new ushort[64 * 64];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (ushort)((i % 64 < 32 && i / 64 < 32 ? 200 : 20) + random.Next(-3, 4));
        var image = new ArrayPixelSource(pixels, 64, 64).ToMicrograph("gfp.tif");
        var result = BinarizedArea.Measure(image);
        Assert.Equal(0.25, result.Fraction, 12);
        Assert.InRange(result.Threshold, 23, 197);
    }
}
