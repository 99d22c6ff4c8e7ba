using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using Xunit;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>Region reads decode only the strips and tiles they touch, and decode each of them once while
/// small tiles are cut from it.</summary>
public sealed class TiffRegionDecodeTests
{
    [Fact]
    public void A_region_inside_one_tile_decodes_only_that_tile()
    {
        using var scratch = TiffTestData.Scratch();
        string path = WriteTiled(scratch.File("t.tif"), 1024, 1024, out byte[] pixels);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        var region = new PixelRect(300, 520, 64, 64);
        Assert.Equal(TiffTestData.Crop(pixels, 1024, 1024, 1, 2, region), TiffTestData.Read(file, region));
        Assert.Equal(1, file.DecodedChunkCount);
    }

    [Fact]
    public void Cutting_small_tiles_row_by_row_decodes_each_TIFF_tile_once_within_a_small_cache()
    {
        using var scratch = TiffTestData.Scratch();
        string path = WriteTiled(scratch.File("t.tif"), 1024, 1024, out byte[] pixels);
        long tileBytes = 256 * 256 * 2;
        // Room for one band of four TIFF tiles, not for the whole image.
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default, cacheBytes: 4 * tileBytes);
        for (int y = 0; y < 1024; y += 64)
        {
            for (int x = 0; x < 1024; x += 64)
            {
                var region = new PixelRect(x, y, 64, 64);
                Assert.Equal(TiffTestData.Crop(pixels, 1024, 1024, 1, 2, region), TiffTestData.Read(file, region));
                Assert.True(file.CachedBytes <= 4 * tileBytes + tileBytes);
            }
        }
        Assert.Equal(16, file.DecodedChunkCount);
    }

    [Fact]
    public void A_region_in_a_striped_image_decodes_only_the_strips_it_crosses()
    {
        using var scratch = TiffTestData.Scratch();
        const int w = 300, h = 400;
        string path = scratch.File("s.tif");
        byte[] pixels = TiffTestData.RandomPixels(PixelType.UInt8, w * h * 3, 4);
        TiffWriter.Write(path, w, h, new TiffWriteOptions { PixelType = PixelType.UInt8, SamplesPerPixel = 3, Planar = true, RowsPerStrip = 20, Compression = TiffCompression.Lzw }, pixels);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        var region = new PixelRect(10, 35, 50, 10);
        Assert.Equal(TiffTestData.Crop(pixels, w, h, 3, 1, region), TiffTestData.Read(file, region));
        Assert.Equal(2 * 3, file.DecodedChunkCount);
    }

    [Fact]
    public void A_strip_larger_than_the_cache_is_read_scanline_by_scanline_in_any_order()
    {
        using var scratch = TiffTestData.Scratch();
        const int w = 300, h = 200;
        string path = scratch.File("one.tif");
        byte[] pixels = TiffTestData.RandomPixels(PixelType.Int16, w * h * 2, 8);
        TiffWriter.Write(path, w, h, new TiffWriteOptions { PixelType = PixelType.Int16, SamplesPerPixel = 2, RowsPerStrip = h, Compression = TiffCompression.Deflate, Predictor = TiffPredictor.Horizontal }, pixels);
        const long cache = 40_000;
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default, cacheBytes: cache);
        foreach (var region in new[] { new PixelRect(5, 150, 100, 40), new PixelRect(0, 0, w, 10), new PixelRect(200, 100, 100, 100), new PixelRect(0, 0, w, h) })
        {
            Assert.Equal(TiffTestData.Crop(pixels, w, h, 2, 2, region), TiffTestData.Read(file, region));
            Assert.True(file.CachedBytes <= cache);
        }
        Assert.Equal("strips of 200 rows", file.Metadata["Layout"]);
    }

    private static string WriteTiled(string path, int w, int h, out byte[] pixels)
    {
        pixels = TiffTestData.RandomPixels(PixelType.UInt16, w * h, 2);
        TiffWriter.Write(path, w, h, new TiffWriteOptions { TileWidth = 256, Compression = TiffCompression.Lzw, Predictor = TiffPredictor.Horizontal }, pixels);
        return path;
    }
}
