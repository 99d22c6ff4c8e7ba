using BitMiracle.LibTiff.Classic;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using Xunit;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>libtiff's own test images, some of them damaged in this copy: the valid ones read fully with the
/// geometry tiffinfo reports, the damaged ones fail with a MicrographReadException and nothing else.</summary>
public sealed class LibtiffSampleFileTests
{
    [Theory]
    [InlineData("deflate-last-strip-extra-data.tiff", 500, 500, 1, PixelType.UInt8)]
    [InlineData("lzw-single-strip.tiff", 7795, 3122, 1, PixelType.Bit)]
    [InlineData("minisblack-2c-8b-alpha.tiff", 64, 64, 2, PixelType.UInt8)]
    [InlineData("miniswhite-1c-1b.tiff", 157, 151, 1, PixelType.Bit)]
    [InlineData("palette-1c-1b.tiff", 157, 151, 3, PixelType.UInt16)]
    [InlineData("palette-1c-4b.tiff", 157, 151, 3, PixelType.UInt16)]
    [InlineData("palette-1c-8b.tiff", 157, 151, 3, PixelType.UInt16)]
    [InlineData("quad-tile.jpg.tiff", 512, 384, 3, PixelType.UInt8)]
    [InlineData("testfax4.tiff", 2453, 3369, 1, PixelType.Bit)]
    [InlineData("ojpeg_chewey_subsamp21_multi_strip.tiff", 392, 575, 3, PixelType.UInt8)]
    [InlineData("ojpeg_single_strip_no_rowsperstrip.tiff", 234, 213, 3, PixelType.UInt8)]
    [InlineData("ojpeg_zackthecat_subsamp22_single_strip.tiff", 234, 213, 3, PixelType.UInt8)]
    public void Valid_file_opens_with_its_geometry_and_reads_fully(string name, int width, int height, int channels, PixelType type)
    {
        using var file = TiffImageFile.Open(TiffTestData.Libtiff(name), ImageReadOptions.Default);
        Assert.Equal((width, height, channels, 1, type), (file.Width, file.Height, file.ChannelCount, file.FrameCount, file.PixelType));
        Assert.Equal("TIFF", file.Format);
        byte[] all = TiffTestData.ReadAll(file);
        Assert.Equal(file.RegionByteCount(new PixelRect(0, 0, width, height)), all.Length);
    }

    [Theory]
    [InlineData("minisblack-1c-16b.tiff", MicrographReadFailure.Corrupt)]
    [InlineData("minisblack-1c-8b.tiff", MicrographReadFailure.Corrupt)]
    [InlineData("rgb-3c-16b.tiff", MicrographReadFailure.Corrupt)]
    [InlineData("rgb-3c-8b.tiff", MicrographReadFailure.Corrupt)]
    [InlineData("quad-lzw-compat.tiff", MicrographReadFailure.Corrupt)]
    [InlineData("logluv-3c-16b.tiff", MicrographReadFailure.Unsupported)]
    public void Damaged_or_unsupported_file_fails_with_a_clear_reason(string name, MicrographReadFailure failure)
    {
        string path = TiffTestData.Libtiff(name);
        var error = Assert.Throws<MicrographReadException>(() =>
        {
            using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
            TiffTestData.ReadAll(file);
        });
        Assert.Equal(failure, error.Failure);
        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void MinIsWhite_bilevel_is_inverted_so_that_white_reads_as_one()
    {
        string path = TiffTestData.Libtiff("miniswhite-1c-1b.tiff");
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        byte[] ours = TiffTestData.ReadAll(file);
        int[] rgba = ReadRgbaWithLibTiff(path, out int w, out int h);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int expected = LibTiff.GetR(rgba[(h - 1 - y) * w + x]) > 127 ? 1 : 0;
                Assert.Equal(expected, ours[y * w + x]);
            }
        }
        Assert.Contains("MinIsWhite", file.Metadata.Keys);
    }

    [Theory]
    [InlineData("palette-1c-1b.tiff")]
    [InlineData("palette-1c-4b.tiff")]
    [InlineData("palette-1c-8b.tiff")]
    public void Palette_image_expands_to_the_colours_of_its_colour_map(string name)
    {
        string path = TiffTestData.Libtiff(name);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        ushort[] ours = TiffTestData.AsUInt16(TiffTestData.ReadAll(file));
        int[] rgba = ReadRgbaWithLibTiff(path, out int w, out int h);
        int plane = w * h;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int p = rgba[(h - 1 - y) * w + x];
                int i = y * w + x;
                Assert.Equal((LibTiff.GetR(p), LibTiff.GetG(p), LibTiff.GetB(p)), (ours[i] >> 8, ours[plane + i] >> 8, ours[2 * plane + i] >> 8));
            }
        }
    }

    [Fact]
    public void YCbCr_JPEG_tiles_decode_to_the_same_RGB_as_LibTiff()
    {
        string path = TiffTestData.Libtiff("quad-tile.jpg.tiff");
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        byte[] ours = TiffTestData.ReadAll(file);
        int[] rgba = ReadRgbaWithLibTiff(path, out int w, out int h);
        int plane = w * h, worst = 0;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int p = rgba[(h - 1 - y) * w + x];
                int i = y * w + x;
                worst = Math.Max(worst, Math.Abs(LibTiff.GetR(p) - ours[i]));
                worst = Math.Max(worst, Math.Abs(LibTiff.GetG(p) - ours[plane + i]));
                worst = Math.Max(worst, Math.Abs(LibTiff.GetB(p) - ours[2 * plane + i]));
            }
        }
        Assert.True(worst <= 2, $"largest difference {worst}");
    }

    [Fact]
    public void Bilevel_region_reads_match_the_whole_image()
    {
        using var file = TiffImageFile.Open(TiffTestData.Libtiff("testfax4.tiff"), ImageReadOptions.Default);
        byte[] all = TiffTestData.ReadAll(file);
        var region = new PixelRect(1001, 1703, 333, 211);
        Assert.Equal(TiffTestData.Crop(all, file.Width, file.Height, 1, 1, region), TiffTestData.Read(file, region));
        Assert.Contains((byte)1, all);
        Assert.Contains((byte)0, all);
    }

    private static int[] ReadRgbaWithLibTiff(string path, out int width, out int height)
    {
        using var tif = LibTiff.Open(path, "r");
        width = tif.GetField(TiffTag.IMAGEWIDTH)[0].ToInt();
        height = tif.GetField(TiffTag.IMAGELENGTH)[0].ToInt();
        var raster = new int[width * height];
        Assert.True(tif.ReadRGBAImage(width, height, raster));
        return raster;
    }
}
