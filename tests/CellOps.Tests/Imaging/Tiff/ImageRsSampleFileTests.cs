using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using Xunit;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>
/// Files of the image-rs TIFF decoder's test set that other tools wrote: layouts the reader once refused
/// and now reads, checked against twins of the same image in a plainer layout or values known from the file.
/// </summary>
public sealed class ImageRsSampleFileTests
{
    private static string ImageRs(string name) => Path.Combine(TiffTestData.SharedData, "tiff-image-rs", "images", name);

    [Fact]
    public void Twelve_bit_samples_with_horizontal_differencing_and_no_compression_read_as_written()
    {
        // A 4×2 image of 100..400 and 1000..4000, stored as 12-bit differences without compression.
        using var file = TiffImageFile.Open(ImageRs("hpredict-1c-12b.tiff"), ImageReadOptions.Default);
        Assert.Equal(PixelType.UInt16, file.PixelType);
        Assert.Equal(new ushort[] { 100, 200, 300, 400, 1000, 2000, 3000, 4000 }, TiffTestData.AsUInt16(TiffTestData.ReadAll(file)));
    }

    [Theory]
    [InlineData("seq/seq-1c-12b-hpredict-47c39b31.tiff", "seq/seq-1c-12b-47c39b31.tiff")]
    [InlineData("seq/seq-1c-12b-miniswhite-47c39b31.tiff", "seq/seq-1c-12b-47c39b31.tiff")]
    [InlineData("random-fp16-pred2.tiff", "random-fp16.tiff")]
    [InlineData("random-fp16-pred3.tiff", "random-fp16.tiff")]
    [InlineData("seq/seq-1c-64f-deflate-fpredict-afa8560e.tiff", "seq/seq-1c-64f-afa8560e.tiff")]
    [InlineData("seq/seq-4c-16b-cmyk-c6e52592.tiff", null)]
    [InlineData("cmyk-3c-32b-float.tiff", null)]
    public void Files_of_one_image_in_different_layouts_read_alike(string name, string? twin)
    {
        using var file = TiffImageFile.Open(ImageRs(name), ImageReadOptions.Default);
        byte[] pixels = TiffTestData.ReadAll(file);
        if (twin is null)
        {
            // CMYK: the ink planes become RGB, not all black (as LibTiff's own conversion of wide ink gave).
            Assert.Equal(3, file.ChannelCount);
            Assert.Contains(pixels, b => b != 0);
            return;
        }
        using var plain = TiffImageFile.Open(ImageRs(twin), ImageReadOptions.Default);
        Assert.Equal(plain.PixelType, file.PixelType);
        byte[] expected = TiffTestData.ReadAll(plain);
        Assert.Equal(expected, pixels);
    }

    [Fact]
    public void Zstandard_is_decoded_by_the_system_libtiff_or_refused_naming_the_codec()
    {
        string path = ImageRs("int16_zstd.tif");
        if (SystemLibTiff.Decodes((BitMiracle.LibTiff.Classic.Compression)50000))
        {
            using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
            using var plain = TiffImageFile.Open(ImageRs("int16.tif"), ImageReadOptions.Default);
            Assert.Contains("libtiff", file.Metadata["DecodedBy"]);
            Assert.Equal(TiffTestData.ReadAll(plain), TiffTestData.ReadAll(file));
        }
        else
        {
            // A machine whose libtiff lacks Zstandard, or has no libtiff.
            var error = Assert.Throws<MicrographReadException>(() => TiffImageFile.Open(path, ImageReadOptions.Default));
            Assert.Equal(MicrographReadFailure.Unsupported, error.Failure);
            Assert.Contains("Zstandard (zstd)", error.Message);
        }
    }

    [Fact]
    public void SGI_LogLuv_is_refused_naming_the_codec()
    {
        var error = Assert.Throws<MicrographReadException>(() => TiffImageFile.Open(ImageRs("logluv-3c-16b.tiff"), ImageReadOptions.Default));
        Assert.Equal(MicrographReadFailure.Unsupported, error.Failure);
        Assert.Contains("SGI LogLuv", error.Message);
    }
}
