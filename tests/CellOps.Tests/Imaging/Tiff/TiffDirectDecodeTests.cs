using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using Xunit;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>
/// CellOps decodes uncompressed, LZW and Deflate strips and tiles itself (several at once) and leaves the
/// rest to LibTiff: both ways must give the same bytes, whatever the byte order, and a file the direct
/// decoder cannot take must still read through LibTiff.
/// </summary>
public sealed class TiffDirectDecodeTests
{
    [Fact]
    public void Every_readable_libtiff_sample_decodes_to_the_same_bytes_directly_and_through_LibTiff()
    {
        foreach (var path in Directory.EnumerateFiles(Path.Combine(TiffTestData.SharedData, "tiff-libtiff"), "*.tif*"))
        {
            byte[][]? expected = TryReadAll(path, directDecoding: false, out var libTiffError);
            byte[][]? actual = TryReadAll(path, directDecoding: true, out var directError);
            Assert.True(expected is null == actual is null, $"{Path.GetFileName(path)}: LibTiff {(libTiffError?.Message ?? "read it")}, direct {(directError?.Message ?? "read it")}");
            if (expected is null)
            {
                Assert.Equal(libTiffError!.Failure, directError!.Failure);
                continue;
            }
            Assert.Equal(expected.Length, actual!.Length);
            for (int frame = 0; frame < expected.Length; frame++) Assert.True(expected[frame].AsSpan().SequenceEqual(actual[frame]), $"{Path.GetFileName(path)} frame {frame} differs");
        }
    }

    [Theory]
    [InlineData(Compression.NONE, 1, 16, false)]
    [InlineData(Compression.LZW, 1, 32, true)]
    [InlineData(Compression.ADOBE_DEFLATE, 1, 16, true)]
    [InlineData(Compression.LZW, 2, 16, false)]
    [InlineData(Compression.LZW, 2, 16, true)]
    [InlineData(Compression.ADOBE_DEFLATE, 2, 16, true)]
    [InlineData(Compression.ADOBE_DEFLATE, 2, 32, false)]
    public void A_big_endian_file_decodes_directly_as_LibTiff_decodes_it(Compression compression, int predictor, int bits, bool tiled)
    {
        using var temp = TiffTestData.Scratch();
        string path = temp.File("big-endian.tif");
        const int width = 70, height = 45;
        var values = new uint[width * height];
        var random = new Random(bits * 31 + predictor);
        for (int i = 0; i < values.Length; i++) values[i] = (uint)(i * 977 + random.Next(0, 50)) & (bits == 16 ? 0xFFFFu : 0xFFFFFFFFu);
        WriteBigEndian(path, width, height, bits, compression, predictor, tiled, values);

        byte[] direct = TryReadAll(path, directDecoding: true, out _)![0];
        byte[] libTiff = TryReadAll(path, directDecoding: false, out _)![0];

        Assert.Equal(libTiff, direct);
        if (predictor == 1)
        {
            // Without a predictor the values come back as written. (With one, LibTiff.NET's encoder
            // writes big-endian differences that libtiff itself also reads differently; both CellOps
            // paths agree with libtiff 4.5 there.)
            uint[] read = bits == 16
                ? MemoryMarshal.Cast<byte, ushort>(direct).ToArray().Select(v => (uint)v).ToArray()
                : MemoryMarshal.Cast<byte, uint>(direct).ToArray();
            Assert.Equal(values, read);
        }
    }

    [Fact]
    public void A_band_decodes_each_strip_once_and_keeps_only_the_strips_it_cut_for_the_next_band()
    {
        using var temp = TiffTestData.Scratch();
        string path = temp.File("strips.tif");
        const int size = 256;
        var pixels = TiffTestData.RandomPixels(PixelType.UInt16, size * size, 7);
        TiffWriter.Write(path, size, size, new TiffWriteOptions { Compression = TiffCompression.Lzw, Predictor = TiffPredictor.Horizontal, RowsPerStrip = 8 }, pixels);

        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        var first = new PixelRect(0, 40, size, 100);
        Assert.Equal(TiffTestData.Crop(pixels, size, size, 1, 2, first), TiffTestData.Read(file, first));
        // Rows 40..139 lie in strips 5..17.
        Assert.Equal(13, file.DecodedChunkCount);

        // Rows 140..239 lie in strips 17..29; strip 17, cut by the first band, is still cached.
        var second = new PixelRect(0, 140, size, 100);
        Assert.Equal(TiffTestData.Crop(pixels, size, size, 1, 2, second), TiffTestData.Read(file, second));
        Assert.Equal(25, file.DecodedChunkCount);
    }

    private static byte[][]? TryReadAll(string path, bool directDecoding, out MicrographReadException? error)
    {
        error = null;
        try
        {
            using var file = TiffImageFile.Open(path, ImageReadOptions.Default, TiffImageFile.DefaultCacheBytes, directDecoding);
            return Enumerable.Range(0, file.FrameCount).Select(f => TiffTestData.ReadAll(file, f)).ToArray();
        }
        catch (MicrographReadException e)
        {
            error = e;
            return null;
        }
    }

    private static void WriteBigEndian(string path, int width, int height, int bits, Compression compression, int predictor, bool tiled, uint[] values)
    {
        using var tif = LibTiff.Open(path, "wb");
        tif.SetField(TiffTag.IMAGEWIDTH, width);
        tif.SetField(TiffTag.IMAGELENGTH, height);
        tif.SetField(TiffTag.SAMPLESPERPIXEL, 1);
        tif.SetField(TiffTag.BITSPERSAMPLE, bits);
        tif.SetField(TiffTag.SAMPLEFORMAT, SampleFormat.UINT);
        tif.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
        tif.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        tif.SetField(TiffTag.COMPRESSION, compression);
        if (predictor != 1) tif.SetField(TiffTag.PREDICTOR, (Predictor)predictor);
        int bytes = bits / 8;
        byte[] Row(int y, int x0, int count)
        {
            var row = new byte[count * bytes];
            for (int x = 0; x < count; x++)
            {
                uint v = x0 + x < width && y < height ? values[y * width + x0 + x] : 0;
                // LibTiff takes machine-order samples and writes them in the file's order.
                if (bits == 16) BitConverter.TryWriteBytes(row.AsSpan(x * 2), (ushort)v);
                else BitConverter.TryWriteBytes(row.AsSpan(x * 4), v);
            }
            return row;
        }
        if (tiled)
        {
            const int tile = 32;
            tif.SetField(TiffTag.TILEWIDTH, tile);
            tif.SetField(TiffTag.TILELENGTH, tile);
            for (int ty = 0; ty < height; ty += tile)
            {
                for (int tx = 0; tx < width; tx += tile)
                {
                    var data = Enumerable.Range(0, tile).SelectMany(r => Row(ty + r, tx, tile)).ToArray();
                    Assert.True(tif.WriteTile(data, tx, ty, 0, 0) >= 0);
                }
            }
        }
        else
        {
            tif.SetField(TiffTag.ROWSPERSTRIP, 7);
            for (int y = 0; y < height; y++) Assert.True(tif.WriteScanline(Row(y, 0, width), y));
        }
        tif.WriteDirectory();
    }
}
