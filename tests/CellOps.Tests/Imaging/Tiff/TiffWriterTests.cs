using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using Xunit;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>TiffWriter writes atomically, streams strips and tiles from a callback, and refuses impossible options.</summary>
public sealed class TiffWriterTests
{
    [Fact]
    public void Nothing_appears_until_commit_and_an_abandoned_write_leaves_no_trace()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("out.tif");
        using (var writer = TiffWriter.Create(path))
        {
            writer.WritePage(8, 8, new TiffWriteOptions(), new byte[128]);
            Assert.False(File.Exists(path));
        }
        Assert.Empty(Directory.GetFiles(scratch.Path));
    }

    [Fact]
    public void Commit_replaces_an_existing_file()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("out.tif");
        File.WriteAllText(path, "old");
        TiffWriter.Write(path, 8, 8, new TiffWriteOptions { PixelType = PixelType.UInt8 }, Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray(), TiffTestData.ReadAll(file));
        Assert.Single(Directory.GetFiles(scratch.Path));
    }

    [Fact]
    public void Streaming_asks_for_each_tile_once_clipped_to_the_image()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("stream.tif");
        var asked = new List<PixelRect>();
        using (var writer = TiffWriter.Create(path))
        {
            writer.WritePage(100, 70, new TiffWriteOptions { PixelType = PixelType.Float32, TileWidth = 64, TileHeight = 32, Compression = TiffCompression.Deflate, Predictor = TiffPredictor.FloatingPoint },
                (region, destination) =>
                {
                    asked.Add(region);
                    var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(destination);
                    for (int y = 0; y < region.Height; y++)
                        for (int x = 0; x < region.Width; x++)
                            values[y * region.Width + x] = (region.X + x) * 0.5f + (region.Y + y) * 1000f;
                });
            writer.Commit();
        }
        Assert.Equal(2 * 3, asked.Count);
        Assert.Contains(new PixelRect(64, 64, 36, 6), asked);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        var read = new float[4];
        file.ReadRegion(0, new PixelRect(98, 68, 2, 2), read);
        Assert.Equal(new[] { 49f + 68000, 49.5f + 68000, 49f + 69000, 49.5f + 69000 }, read);
    }

    [Theory]
    [InlineData(PixelType.UInt16, TiffCompression.Jpeg, TiffPredictor.None, 0)]
    [InlineData(PixelType.Float32, TiffCompression.Lzw, TiffPredictor.Horizontal, 0)]
    [InlineData(PixelType.UInt16, TiffCompression.Lzw, TiffPredictor.FloatingPoint, 0)]
    [InlineData(PixelType.UInt16, TiffCompression.None, TiffPredictor.Horizontal, 0)]
    [InlineData(PixelType.UInt16, TiffCompression.None, TiffPredictor.None, 20)]
    public void Impossible_options_are_refused(PixelType type, TiffCompression compression, TiffPredictor predictor, int tile)
    {
        using var scratch = TiffTestData.Scratch();
        using var writer = TiffWriter.Create(scratch.File("bad.tif"));
        Assert.Throws<ArgumentException>(() => writer.WritePage(32, 32, new TiffWriteOptions { PixelType = type, Compression = compression, Predictor = predictor, TileWidth = tile }, new byte[32 * 32 * 4]));
    }
}
