using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using Xunit;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>
/// Every supported sample type, compression, layout and predictor, written and read back: lossless
/// encodings must return the exact bytes, whole and in regions that straddle strip and tile edges.
/// </summary>
public sealed class TiffRoundTripMatrixTests
{
    private const int Width = 37;
    private const int Height = 29;

    private static readonly PixelRect[] Regions =
    {
        new(0, 0, Width, Height),
        new(5, 3, 20, 17),
        new(15, 15, 3, 3),
        new(0, 28, Width, 1),
        new(36, 0, 1, Height),
        new(16, 16, 16, 13),
    };

    public static IEnumerable<object[]> LosslessCases()
    {
        var types = new[] { PixelType.Bit, PixelType.UInt8, PixelType.Int8, PixelType.UInt16, PixelType.Int16, PixelType.UInt32, PixelType.Int32, PixelType.Float32 };
        var compressions = new[] { TiffCompression.None, TiffCompression.Lzw, TiffCompression.Deflate, TiffCompression.PackBits };
        var layouts = new (int Samples, bool Planar)[] { (1, false), (3, false), (3, true) };
        foreach (var type in types)
        {
            foreach (var compression in compressions)
            {
                var predictors = new List<TiffPredictor> { TiffPredictor.None };
                if (compression is TiffCompression.Lzw or TiffCompression.Deflate && type != PixelType.Bit)
                {
                    predictors.Add(type == PixelType.Float32 ? TiffPredictor.FloatingPoint : TiffPredictor.Horizontal);
                }
                foreach (var predictor in predictors)
                {
                    foreach (bool tiled in new[] { false, true })
                    {
                        foreach (var (samples, planar) in layouts)
                        {
                            yield return new object[] { type, compression, predictor, tiled, planar, samples };
                        }
                    }
                }
            }
        }
        // Two and four samples, both layouts.
        foreach (bool planar in new[] { false, true })
        {
            yield return new object[] { PixelType.UInt16, TiffCompression.Lzw, TiffPredictor.Horizontal, true, planar, 2 };
            yield return new object[] { PixelType.UInt8, TiffCompression.Deflate, TiffPredictor.None, false, planar, 4 };
            yield return new object[] { PixelType.Float32, TiffCompression.None, TiffPredictor.None, true, planar, 4 };
            yield return new object[] { PixelType.Bit, TiffCompression.PackBits, TiffPredictor.None, true, planar, 2 };
        }
    }

    [Theory]
    [MemberData(nameof(LosslessCases))]
    public void Reads_back_exactly_what_was_written(PixelType type, TiffCompression compression, TiffPredictor predictor, bool tiled, bool planar, int samples)
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("matrix.tif");
        var options = new TiffWriteOptions
        {
            PixelType = type,
            SamplesPerPixel = samples,
            Planar = planar,
            Compression = compression,
            Predictor = predictor,
            TileWidth = tiled ? 16 : 0,
            RowsPerStrip = tiled ? 0 : 7,
        };
        byte[] pixels = TiffTestData.RandomPixels(type, Width * Height * samples, seed: HashCode.Combine(type, compression, predictor, tiled, planar, samples));
        TiffWriter.Write(path, Width, Height, options, pixels);

        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal((Width, Height, samples, 1, type), (file.Width, file.Height, file.ChannelCount, file.FrameCount, file.PixelType));
        foreach (var region in Regions)
        {
            byte[] expected = TiffTestData.Crop(pixels, Width, Height, samples, type.BytesPerSample(), region);
            Assert.True(expected.AsSpan().SequenceEqual(TiffTestData.Read(file, region)), $"region {region} differs");
        }
    }

    [Theory]
    [InlineData(1, false, false)]
    [InlineData(1, true, false)]
    [InlineData(3, false, false)]
    [InlineData(3, true, false)]
    [InlineData(3, true, true)]
    [InlineData(3, false, true)]
    public void Reads_8bit_JPEG_within_a_small_tolerance(int samples, bool tiled, bool planar)
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("jpeg.tif");
        const int w = 67, h = 45;
        byte[] pixels = TiffTestData.SmoothBytes(w, h, samples);
        TiffWriter.Write(path, w, h, new TiffWriteOptions
        {
            PixelType = PixelType.UInt8,
            SamplesPerPixel = samples,
            Planar = planar,
            Compression = TiffCompression.Jpeg,
            JpegQuality = 95,
            TileWidth = tiled ? 32 : 0,
            RowsPerStrip = tiled ? 0 : 16,
        }, pixels);

        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal((w, h, samples, PixelType.UInt8), (file.Width, file.Height, file.ChannelCount, file.PixelType));
        byte[] read = TiffTestData.ReadAll(file);
        int worst = 0;
        long total = 0;
        for (int i = 0; i < pixels.Length; i++)
        {
            int d = Math.Abs(pixels[i] - read[i]);
            worst = Math.Max(worst, d);
            total += d;
        }
        Assert.True(worst <= 16, $"largest JPEG error {worst}");
        Assert.True(total / (double)pixels.Length < 2.0, $"mean JPEG error {total / (double)pixels.Length}");
        var region = new PixelRect(30, 10, 20, 30);
        Assert.Equal(TiffTestData.Crop(read, w, h, samples, 1, region), TiffTestData.Read(file, region));
    }
}
