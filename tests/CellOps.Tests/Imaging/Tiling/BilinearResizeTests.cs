using CellOps.Imaging.Tiling;
using Xunit;

namespace CellOps.Tests.Imaging.Tiling;

public class BilinearResizeTests
{
    [Fact]
    public void Enlarging_two_by_two_to_four_by_four_blends_with_aligned_pixel_centres()
    {
        // Output centres fall at source positions −¼ (clamped to 0), ¼, ¾ and 1¼ (clamped to 1) on each axis.
        float[] source = { 0, 4, 8, 12 };
        var output = new float[16];
        BilinearResize.Resize(source, 2, 2, 1, 4, 4, output);
        Assert.Equal(new float[] { 0, 1, 3, 4, 2, 3, 5, 6, 6, 7, 9, 10, 8, 9, 11, 12 }, output);
    }

    [Fact]
    public void Halving_averages_neighbouring_pairs_and_each_channel_is_resized_on_its_own()
    {
        // Two channels of 4×1: a ramp and a constant.
        float[] source = { 0, 1, 2, 3, 5, 5, 5, 5 };
        var output = new float[4];
        BilinearResize.Resize(source, 4, 1, 2, 2, 1, output);
        Assert.Equal(new[] { 0.5f, 2.5f, 5f, 5f }, output);
    }

    [Fact]
    public void A_destination_too_short_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BilinearResize.Resize(new float[4], 2, 2, 1, 4, 4, new float[15]));
    }
}
