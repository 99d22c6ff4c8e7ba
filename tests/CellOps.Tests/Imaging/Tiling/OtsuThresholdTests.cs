using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;
using Xunit;

namespace CellOps.Tests.Imaging.Tiling;

public class OtsuThresholdTests
{
    [Fact]
    public void Otsu_picks_the_split_with_the_largest_between_class_variance()
    {
        // Splits after bin 0, 1, 2: w0·w1·(µ0−µ1)² = 86.4, 100, 86.4.
        Assert.Equal(1, OtsuThreshold.FindBin(new long[] { 3, 1, 1, 3 }));
    }

    [Fact]
    public void Otsu_takes_the_middle_of_a_gap_between_two_modes()
    {
        // Splits after bins 0, 1 and 2 all give 4·4·3.5² = 196; after bin 3, 6·2·3² = 108.
        Assert.Equal(1, OtsuThreshold.FindBin(new long[] { 4, 0, 0, 2, 2 }));
        Assert.Equal(2, OtsuThreshold.FindBin(new long[] { 0, 5, 0, 0, 5, 0 }));
    }

    [Fact]
    public void A_histogram_with_one_value_has_nothing_above_it()
    {
        Assert.Equal(3, OtsuThreshold.FindBin(new long[] { 0, 0, 0, 7, 0 }));
        Assert.Equal(0, OtsuThreshold.FindBin(new long[] { 0, 0 }));
    }

    [Fact]
    public void Otsu_over_an_8_bit_image_of_two_values_splits_in_the_middle_of_the_gap()
    {
        var source = TilingTestImages.Bytes(50, 40, (x, y) => x < 20 ? 10 : 200);
        Assert.Equal(104, OtsuThreshold.Compute(source, 0));
    }

    [Fact]
    public void Otsu_over_a_float_image_lies_between_its_two_modes()
    {
        var source = TilingTestImages.Floats(40, 40, (_, x, _) => x < 10 ? 0.25f : 0.75f);
        double t = OtsuThreshold.Compute(source, 0);
        Assert.InRange(t, 0.25, 0.75);
        Assert.InRange(t, 0.49, 0.51);
    }

    [Fact]
    public void Otsu_over_a_16_bit_image_is_exact()
    {
        var data = new ushort[100];
        for (int i = 0; i < 100; i++) data[i] = (ushort)(i < 50 ? 1000 : 3000);
        Assert.Equal(1999, OtsuThreshold.Compute(new ArrayPixelSource(data, 10, 10), 0));
    }

    [Fact]
    public void A_histogram_filled_band_by_band_gives_the_threshold_of_the_whole_image()
    {
        var source = TilingTestImages.Floats(30, 20, (_, x, y) => x < 12 ? 0.2f + 0.01f * y : 0.9f - 0.003f * x);
        var values = new float[30 * 20];
        source.ReadRegion(0, new PixelRect(0, 0, 30, 20), values.AsSpan());
        Assert.True(OtsuHistogram.NeedsRange(PixelType.Float32));
        Assert.False(OtsuHistogram.NeedsRange(PixelType.UInt16));
        var histogram = new OtsuHistogram(PixelType.Float32, values.Min(), values.Max());
        for (int top = 0; top < 20; top += 7) histogram.Add(values.AsSpan(top * 30, Math.Min(7, 20 - top) * 30));
        Assert.Equal(OtsuThreshold.Compute(source, 0), histogram.Threshold());

        var flat = new OtsuHistogram(PixelType.Float32, 3.5, 3.5);
        flat.Add([3.5f, 3.5f]);
        Assert.Equal(3.5, flat.Threshold());
    }
}
