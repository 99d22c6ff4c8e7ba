using CellOps.Imaging.Sheets;
using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Imaging.Sheets;

public sealed class DisplayPixelsLimitTests
{
    [Theory]
    [InlineData(200_000, 200_000)] // more samples than an array can index: an OverflowException before
    [InlineData(20_000, 20_000)]
    public void A_micrograph_over_the_limit_is_refused_as_TooLarge_without_reading_it(int width, int height)
    {
        var error = Assert.Throws<MicrographReadException>(() => DisplayPixels.Read(ClaimedMicrograph.Of(width, height)));
        Assert.Equal(MicrographReadFailure.TooLarge, error.Failure);
        Assert.Contains($"{width}×{height}", error.Message);
        Assert.Contains("8192×8192", error.Message);
        Assert.Contains("Split-Micrograph", error.Message);
    }
}
