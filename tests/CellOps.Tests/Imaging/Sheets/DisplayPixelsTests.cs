using CellOps.Imaging.Formats;
using CellOps.Imaging.Sheets;
using Xunit;

namespace CellOps.Tests.Imaging.Sheets;

public sealed class DisplayPixelsTests
{
    [Fact]
    public void Floats_between_0_and_1_are_shown_as_they_are()
    {
        var values = new[] { 0f, 0.25f, 0.5f, 1f };
        var (pixels, channels) = DisplayPixels.Read(new ArrayPixelSource(values, 2, 2).ToMicrograph("unit"));
        Assert.Equal(1, channels);
        Assert.Equal(new byte[] { 0, 64, 128, 255 }, pixels);
    }

    [Fact]
    public void Floats_in_a_markers_units_are_stretched_between_their_percentiles_rather_than_shown_white()
    {
        // A predicted fluorescence image: a floor of 12,000 counts with brighter cells up to 50,000.
        var values = Enumerable.Range(0, 400).Select(i => 12000f + 38000f * i / 399).ToArray();
        var (pixels, _) = DisplayPixels.Read(new ArrayPixelSource(values, 20, 20).ToMicrograph("predicted"));
        Assert.Equal(0, pixels[0]);
        Assert.Equal(255, pixels[^1]);
        Assert.InRange(pixels[200], 120, 135);
    }
}
