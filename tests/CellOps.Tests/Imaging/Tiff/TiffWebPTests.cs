using BitMiracle.LibTiff.Classic;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>WebP-compressed TIFF, which LibTiff.NET lacks, through the system's libtiff.</summary>
public sealed class TiffWebPTests
{
    private const int W = 24, H = 16;

    // Written by libtiff 4.5's tiffcp -c webp:p100 from a 24×16 RGBA image of R = 10x, G = 15y,
    // B = 5(x + y), A = 60 + (xy mod 196) (unassociated alpha, never 0: WebP drops the colour of
    // transparent pixels).
    private static string Sample => Path.Combine(RepoPaths.Root, "tests", "CellOps.Tests", "Imaging", "Tiff", "Samples", "webp-rgba.tif");

    [Fact]
    public void WebP_is_decoded_by_the_system_libtiff_or_refused_naming_the_codec()
    {
        if (!SystemLibTiff.Decodes((Compression)50001))
        {
            // A machine whose libtiff lacks WebP, or has no libtiff.
            var error = Assert.Throws<MicrographReadException>(() => TiffImageFile.Open(Sample, ImageReadOptions.Default));
            Assert.Equal(MicrographReadFailure.Unsupported, error.Failure);
            Assert.Contains("compression WebP is decoded only through the system's libtiff", error.Message);
            return;
        }
        using var file = TiffImageFile.Open(Sample, ImageReadOptions.Default);
        Assert.Equal((W, H, 4, PixelType.UInt8), (file.Width, file.Height, file.ChannelCount, file.PixelType));
        Assert.Equal("WebP", file.Metadata["Compression"]);
        Assert.Contains("libtiff", file.Metadata["DecodedBy"]);
        byte[] read = TiffTestData.ReadAll(file);
        int plane = W * H, worst = 0;
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                int i = y * W + x;
                // Lossy colour within a few levels; WebP keeps alpha exactly.
                worst = Math.Max(worst, Math.Abs(read[i] - 10 * x));
                worst = Math.Max(worst, Math.Abs(read[plane + i] - 15 * y));
                worst = Math.Max(worst, Math.Abs(read[2 * plane + i] - 5 * (x + y)));
                Assert.Equal((byte)(60 + x * y % 196), read[3 * plane + i]);
            }
        }
        Assert.InRange(worst, 0, 8);
    }
}
