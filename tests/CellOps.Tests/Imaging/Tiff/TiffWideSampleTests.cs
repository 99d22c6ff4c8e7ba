using System.IO.Compression;
using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using Xunit;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>
/// Samples with no pixel type of their own: odd-width unsigned integers keep their values in the next wider
/// type, 16 and 64-bit floats and 64-bit integers become Float32. The files are packed here bit by bit
/// (most significant bit first, rows padded to a byte), independently of the reader.
/// </summary>
public sealed class TiffWideSampleTests
{
    [Theory]
    [InlineData(3, 1, PixelType.UInt8)]
    [InlineData(5, 3, PixelType.UInt8)]
    [InlineData(7, 1, PixelType.UInt8)]
    [InlineData(10, 3, PixelType.UInt16)]
    [InlineData(12, 1, PixelType.UInt16)]
    [InlineData(14, 1, PixelType.UInt16)]
    [InlineData(24, 1, PixelType.UInt32)]
    public void Odd_width_unsigned_samples_keep_their_values(int bits, int channels, PixelType expectedType)
    {
        using var scratch = TiffTestData.Scratch();
        const int width = 13, height = 5;
        uint[] values = Values(width * height * channels, bits, seed: bits);
        string path = WriteRaw(scratch.File($"u{bits}.tif"), width, height, channels, bits, SampleFormat.UINT, Photometric.MINISBLACK,
            row => PackRow(values, row, width * channels, bits), compress: false, predictor: false);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal(expectedType, file.PixelType);
        Assert.Equal(bits.ToString(), file.Metadata["SignificantBits"]);
        // A region off the left edge checks that unpacking starts at the right bit.
        var region = new PixelRect(3, 1, 7, 3);
        uint[] got = AsUInt(TiffTestData.Read(file, region), expectedType);
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < region.Height; y++)
            {
                for (int x = 0; x < region.Width; x++)
                {
                    uint want = values[((region.Y + y) * width + region.X + x) * channels + c];
                    Assert.Equal(want, got[(c * region.Height + y) * region.Width + x]);
                }
            }
        }
    }

    [Fact]
    public void Twelve_bit_MinIsWhite_is_inverted_within_twelve_bits()
    {
        using var scratch = TiffTestData.Scratch();
        const int width = 9, height = 4;
        uint[] values = Values(width * height, 12, seed: 7);
        string path = WriteRaw(scratch.File("w12.tif"), width, height, 1, 12, SampleFormat.UINT, Photometric.MINISWHITE,
            row => PackRow(values, row, width, 12), compress: false, predictor: false);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        ushort[] got = TiffTestData.AsUInt16(TiffTestData.ReadAll(file));
        for (int i = 0; i < values.Length; i++) Assert.Equal(4095 - values[i], got[i]);
    }

    [Fact]
    public void Horizontal_differencing_on_ten_bit_samples_is_undone()
    {
        // LibTiff refuses the predictor on 10-bit samples; the reader undoes it itself.
        // (LibTiff writes no Predictor tag without compression, so only the Deflate case can be made here.)
        using var scratch = TiffTestData.Scratch();
        const int width = 11, height = 4, channels = 2;
        uint[] values = Values(width * height * channels, 10, seed: 5);
        // Each sample stored as its difference from the same channel's sample to the left, modulo 2^10.
        var differences = new uint[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            int x = i / channels % width;
            differences[i] = x == 0 ? values[i] : (values[i] - values[i - channels]) & 1023;
        }
        string path = WriteRaw(scratch.File("p10.tif"), width, height, channels, 10, SampleFormat.UINT, Photometric.MINISBLACK,
            row => PackRow(differences, row, width * channels, 10), compress: true, predictor: true);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        var region = new PixelRect(4, 1, 5, 2);
        ushort[] got = TiffTestData.AsUInt16(TiffTestData.Read(file, region));
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < region.Height; y++)
            {
                for (int x = 0; x < region.Width; x++)
                {
                    Assert.Equal(values[((region.Y + y) * width + region.X + x) * channels + c], got[(c * region.Height + y) * region.Width + x]);
                }
            }
        }
    }

    [Fact]
    public void Half_floats_read_as_Float32()
    {
        using var scratch = TiffTestData.Scratch();
        const int width = 6, height = 3;
        var halves = new Half[width * height];
        for (int i = 0; i < halves.Length; i++) halves[i] = (Half)((i - 7) * 0.375f);
        halves[5] = Half.PositiveInfinity;
        byte[] bytes = MemoryMarshal.AsBytes(halves.AsSpan()).ToArray();
        string path = WriteRaw(scratch.File("f16.tif"), width, height, 1, 16, SampleFormat.IEEEFP, Photometric.MINISBLACK,
            row => bytes.AsSpan(row * width * 2, width * 2).ToArray(), compress: false, predictor: false);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal(PixelType.Float32, file.PixelType);
        float[] got = MemoryMarshal.Cast<byte, float>(TiffTestData.ReadAll(file)).ToArray();
        for (int i = 0; i < halves.Length; i++) Assert.Equal((float)halves[i], got[i]);
    }

    [Theory]
    [InlineData(SampleFormat.IEEEFP)]
    [InlineData(SampleFormat.UINT)]
    [InlineData(SampleFormat.INT)]
    public void Sixty_four_bit_samples_read_as_Float32(SampleFormat format)
    {
        using var scratch = TiffTestData.Scratch();
        const int width = 5, height = 2;
        double[] wanted = [0, 1.5, -2.25, 1e20, 123456789, 7, 8, 9, -1e-3, 65536];
        var bytes = new byte[wanted.Length * 8];
        for (int i = 0; i < wanted.Length; i++)
        {
            if (format == SampleFormat.IEEEFP) BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), wanted[i]);
            else if (format == SampleFormat.INT) BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), (long)wanted[i]);
            else BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), (ulong)Math.Abs(wanted[i]));
        }
        string path = WriteRaw(scratch.File("f64.tif"), width, height, 1, 64, format, Photometric.MINISBLACK,
            row => bytes.AsSpan(row * width * 8, width * 8).ToArray(), compress: false, predictor: false);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal(PixelType.Float32, file.PixelType);
        Assert.Contains("32-bit floats", file.Metadata["Widened"]);
        Assert.False(file.Metadata.ContainsKey("SignificantBits")); // floats are not stretched by bits on display
        float[] got = MemoryMarshal.Cast<byte, float>(TiffTestData.ReadAll(file)).ToArray();
        for (int i = 0; i < wanted.Length; i++)
        {
            float want = format switch
            {
                SampleFormat.IEEEFP => (float)wanted[i],
                SampleFormat.INT => (long)wanted[i],
                _ => (ulong)Math.Abs(wanted[i]),
            };
            Assert.Equal(want, got[i]);
        }
    }

    [Theory]
    [InlineData(Orientation.TOPRIGHT, new byte[] { 3, 2, 1, 6, 5, 4 })]
    [InlineData(Orientation.BOTRIGHT, new byte[] { 6, 5, 4, 3, 2, 1 })]
    [InlineData(Orientation.BOTLEFT, new byte[] { 4, 5, 6, 1, 2, 3 })]
    public void Mirroring_orientations_are_applied(Orientation orientation, byte[] upright)
    {
        using var scratch = TiffTestData.Scratch();
        var stored = new byte[] { 1, 2, 3, 4, 5, 6 };
        string path = WriteRaw(scratch.File("o.tif"), 3, 2, 1, 8, SampleFormat.UINT, Photometric.MINISBLACK,
            row => stored.AsSpan(row * 3, 3).ToArray(), compress: false, predictor: false, orientation: orientation);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.StartsWith($"{(int)orientation} ({orientation}): applied", file.Metadata["Orientation"]);
        Assert.Equal(upright, TiffTestData.ReadAll(file));
        // A region of the upright image: its right two columns of the bottom row.
        Assert.Equal(upright[4..6], TiffTestData.Read(file, new PixelRect(1, 1, 2, 1)));
    }

    // The stored 3×2 image 1 2 3 / 4 5 6 stands upright 2 wide and 3 high: 5 puts its rows down the
    // columns, 6 turns it 90° clockwise, 7 transposes it across the other diagonal, 8 turns it anticlockwise.
    [Theory]
    [InlineData(Orientation.LEFTTOP, new byte[] { 1, 4, 2, 5, 3, 6 })]
    [InlineData(Orientation.RIGHTTOP, new byte[] { 4, 1, 5, 2, 6, 3 })]
    [InlineData(Orientation.RIGHTBOT, new byte[] { 6, 3, 5, 2, 4, 1 })]
    [InlineData(Orientation.LEFTBOT, new byte[] { 3, 6, 2, 5, 1, 4 })]
    public void Transposing_orientations_are_applied_swapping_width_and_height(Orientation orientation, byte[] upright)
    {
        using var scratch = TiffTestData.Scratch();
        var stored = new byte[] { 1, 2, 3, 4, 5, 6 };
        string path = WriteRaw(scratch.File("o.tif"), 3, 2, 1, 8, SampleFormat.UINT, Photometric.MINISBLACK,
            row => stored.AsSpan(row * 3, 3).ToArray(), compress: false, predictor: false, orientation: orientation);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal((2, 3), (file.Width, file.Height));
        Assert.StartsWith($"{(int)orientation} ({orientation}): applied, the image is transposed", file.Metadata["Orientation"]);
        Assert.Equal(upright, TiffTestData.ReadAll(file));
        // A region of the upright image: the right column's lower two rows.
        Assert.Equal(new[] { upright[3], upright[5] }, TiffTestData.Read(file, new PixelRect(1, 1, 1, 2)));
    }

    [Fact]
    public void A_transposed_tiled_RGB_page_reads_upright_in_every_channel()
    {
        // 16-bit RGB, 37×21 stored in 16×16 tiles, turned 90° clockwise (6): upright (x, y) is stored
        // row 20 − x, column y.
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("t.tif");
        const int w = 37, h = 21;
        ushort Value(int row, int column, int c) => (ushort)(row * 1000 + column * 10 + c);
        using (var tif = LibTiff.Open(path, "w"))
        {
            tif.SetField(TiffTag.IMAGEWIDTH, w);
            tif.SetField(TiffTag.IMAGELENGTH, h);
            tif.SetField(TiffTag.BITSPERSAMPLE, 16);
            tif.SetField(TiffTag.SAMPLESPERPIXEL, 3);
            tif.SetField(TiffTag.PHOTOMETRIC, Photometric.RGB);
            tif.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
            tif.SetField(TiffTag.TILEWIDTH, 16);
            tif.SetField(TiffTag.TILELENGTH, 16);
            tif.SetField(TiffTag.COMPRESSION, Compression.LZW);
            tif.SetField(TiffTag.ORIENTATION, Orientation.RIGHTTOP);
            for (int ty = 0; ty < h; ty += 16)
            {
                for (int tx = 0; tx < w; tx += 16)
                {
                    var tile = new ushort[16 * 16 * 3];
                    for (int y = 0; y < 16; y++)
                    {
                        for (int x = 0; x < 16; x++)
                        {
                            for (int c = 0; c < 3; c++) tile[(y * 16 + x) * 3 + c] = Value(ty + y, tx + x, c);
                        }
                    }
                    byte[] bytes = MemoryMarshal.AsBytes(tile.AsSpan()).ToArray();
                    Assert.True(tif.WriteTile(bytes, tx, ty, 0, 0) > 0);
                }
            }
        }
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal((h, w, 3), (file.Width, file.Height, file.ChannelCount));
        var region = new PixelRect(3, 5, 15, 30);
        ushort[] read = TiffTestData.AsUInt16(TiffTestData.Read(file, region));
        int area = region.Width * region.Height;
        for (int y = 0; y < region.Height; y++)
        {
            for (int x = 0; x < region.Width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    Assert.Equal(Value(h - 1 - (region.X + x), region.Y + y, c), read[c * area + y * region.Width + x]);
                }
            }
        }
    }

    internal static uint[] Values(int count, int bits, int seed)
    {
        var random = new Random(seed);
        var values = new uint[count];
        for (int i = 0; i < count; i++) values[i] = (uint)(random.NextInt64(1L << bits));
        // The extremes are where a wrong shift or mask shows.
        values[0] = 0;
        values[1] = (uint)((1L << bits) - 1);
        return values;
    }

    private static byte[] PackRow(uint[] samples, int row, int samplesPerRow, int bits)
    {
        var packed = new byte[(samplesPerRow * bits + 7) / 8];
        long bit = 0;
        for (int i = 0; i < samplesPerRow; i++)
        {
            uint v = samples[row * samplesPerRow + i];
            if (bits == 24)
            {
                // Whole-byte samples are stored in the file's (here little-endian) byte order.
                packed[i * 3] = (byte)v;
                packed[i * 3 + 1] = (byte)(v >> 8);
                packed[i * 3 + 2] = (byte)(v >> 16);
                continue;
            }
            for (int b = bits - 1; b >= 0; b--, bit++)
            {
                if (((v >> b) & 1) != 0) packed[bit >> 3] |= (byte)(0x80 >> (int)(bit & 7));
            }
        }
        return packed;
    }

    private static uint[] AsUInt(byte[] bytes, PixelType type) => type switch
    {
        PixelType.UInt8 => bytes.Select(b => (uint)b).ToArray(),
        PixelType.UInt16 => MemoryMarshal.Cast<byte, ushort>(bytes).ToArray().Select(v => (uint)v).ToArray(),
        _ => MemoryMarshal.Cast<byte, uint>(bytes).ToArray(),
    };

    /// <summary>A one-strip little-endian file whose rows are written as given (Deflate-compressed here when asked).</summary>
    private static string WriteRaw(string path, int width, int height, int channels, int bits, SampleFormat format, Photometric photometric,
        Func<int, byte[]> row, bool compress, bool predictor, Orientation orientation = Orientation.TOPLEFT)
    {
        var strip = new MemoryStream();
        for (int y = 0; y < height; y++) strip.Write(row(y));
        byte[] data = strip.ToArray();
        if (compress)
        {
            var zipped = new MemoryStream();
            using (var z = new ZLibStream(zipped, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
            data = zipped.ToArray();
        }
        using var tif = LibTiff.Open(path, "w");
        tif.SetField(TiffTag.IMAGEWIDTH, width);
        tif.SetField(TiffTag.IMAGELENGTH, height);
        tif.SetField(TiffTag.BITSPERSAMPLE, bits);
        tif.SetField(TiffTag.SAMPLESPERPIXEL, channels);
        tif.SetField(TiffTag.SAMPLEFORMAT, format);
        tif.SetField(TiffTag.PHOTOMETRIC, photometric);
        tif.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        tif.SetField(TiffTag.ROWSPERSTRIP, height);
        tif.SetField(TiffTag.COMPRESSION, compress ? Compression.ADOBE_DEFLATE : Compression.NONE);
        if (predictor) tif.SetField(TiffTag.PREDICTOR, Predictor.HORIZONTAL);
        if (orientation != Orientation.TOPLEFT) tif.SetField(TiffTag.ORIENTATION, orientation);
        tif.WriteRawStrip(0, data, data.Length);
        return path;
    }
}
