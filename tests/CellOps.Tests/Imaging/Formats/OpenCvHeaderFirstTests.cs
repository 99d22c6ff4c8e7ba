using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.Imaging.Formats;

/// <summary>PNG and JPEG files larger than <see cref="OpenCvImageFile.EagerPixels"/> are described from their header and decoded on first read.</summary>
public sealed class OpenCvHeaderFirstTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_large_PNG_opens_without_decoding_and_reads_right_when_asked()
    {
        const int width = 4096, height = 2048;
        string path = _folder.File("large.png");
        using (var mat = new Mat(height, width, MatType.CV_8UC3, Scalar.All(0)))
        {
            mat.Set(1000, 3000, new Vec3b(10, 20, 30)); // BGR
            Cv2.ImWrite(path, mat);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        using var image = OpenCvImageFile.Open(path, ImageReadOptions.Default);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 4 << 20, $"{allocated:N0} bytes allocated to open a {new FileInfo(path).Length:N0}-byte file");
        Assert.Equal((width, height, 3, PixelType.UInt8), (image.Width, image.Height, image.ChannelCount, image.PixelType));
        var pixel = new byte[3];
        image.ReadRegion(0, new PixelRect(3000, 1000, 1, 1), pixel);
        Assert.Equal(new byte[] { 30, 20, 10 }, pixel);
    }

    [Fact]
    public void A_JPEG_claiming_more_than_the_decode_limit_opens_and_is_refused_as_TooLarge_when_read()
    {
        string path = _folder.File("claims.jpg");
        File.WriteAllBytes(path,
        [
            0xFF, 0xD8, // start of image
            0xFF, 0xC0, 0x00, 0x0B, 8, 0xEA, 0x60, 0xEA, 0x60, 1, 1, 0x11, 0, // baseline frame: 60000×60000, one component
            0xFF, 0xDA, 0x00, 0x08, 1, 1, 0x00, 0, 0x3F, 0, // start of scan
            0x00, 0x00, 0x00, 0x00,
            0xFF, 0xD9, // end of image
        ]);

        using var image = OpenCvImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal((60000, 60000), (image.Width, image.Height));

        var error = Assert.Throws<MicrographReadException>(() => image.ReadRegion(0, new PixelRect(0, 0, 1, 1), new byte[1]));
        Assert.Equal(MicrographReadFailure.TooLarge, error.Failure);
        Assert.Contains("60000×60000", error.Message);
        Assert.Contains($"{OpenCvImageFile.MaxDecodedBytes / (1024 * 1024)} MB", error.Message);
    }
}
