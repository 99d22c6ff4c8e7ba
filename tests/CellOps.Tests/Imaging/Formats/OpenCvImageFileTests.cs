using System.Buffers.Binary;
using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;
using OpenCvSharp;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Imaging.Formats;

public class OpenCvImageFileTests : IDisposable
{
    private const int Width = 23, Height = 17;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // Expected channel values in RGB(A) order at (x, y).
    private static int Value(int channel, int x, int y, int max) => (x * 37 + y * 101 + channel * 59) * (max / 255 > 1 ? 257 : 1) % (max + 1);

    /// <summary>Writes an image whose RGB(A) channel c at (x, y) holds <see cref="Value"/>, through OpenCV's BGR(A) order.</summary>
    private string Write<T>(string name, int channels, MatType type, int max, Func<int, T> cast, params ImageEncodingParam[] parameters)
        where T : unmanaged
    {
        var data = new T[Width * Height * channels];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    int stored = channels >= 3 && c < 3 ? 2 - c : c;
                    data[(y * Width + x) * channels + stored] = cast(Value(c, x, y, max));
                }
            }
        }
        string path = _folder.File(name);
        using var mat = Mat.FromPixelData(Height, Width, type, data);
        Assert.True(Cv2.ImWrite(path, mat, parameters));
        return path;
    }

    private static float[] ReadAll(IPixelSource source)
    {
        var values = new float[source.ChannelCount * source.Width * source.Height];
        source.ReadRegion(0, new PixelRect(0, 0, source.Width, source.Height), values);
        return values;
    }

    private static void AssertPixels(IPixelSource source, int channels, int max, int tolerance)
    {
        Assert.Equal((Width, Height, channels, 1), (source.Width, source.Height, source.ChannelCount, source.FrameCount));
        var values = ReadAll(source);
        int worst = 0;
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < Height; y++)
                for (int x = 0; x < Width; x++)
                    worst = Math.Max(worst, (int)Math.Abs(values[(c * Height + y) * Width + x] - Value(c, x, y, max)));
        Assert.InRange(worst, 0, tolerance);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void An_8_bit_PNG_reads_back_exactly_in_RGB_order(int channels)
    {
        var path = Write<byte>("img8.png", channels, MatType.CV_8UC(channels), 255, v => (byte)v);
        using var file = OpenCvImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal("PNG", file.Format);
        Assert.Equal(PixelType.UInt8, file.PixelType);
        Assert.Equal(path, file.Path);
        AssertPixels(file, channels, 255, 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_16_bit_PNG_reads_back_exactly_in_RGB_order(int channels)
    {
        var path = Write<ushort>("img16.png", channels, MatType.CV_16UC(channels), 65535, v => (ushort)v);
        using var file = OpenCvImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal(PixelType.UInt16, file.PixelType);
        Assert.Equal("16", file.Metadata["BitsPerSample"]);
        AssertPixels(file, channels, 65535, 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_BMP_reads_back_exactly_in_RGB_order(int channels)
    {
        var path = Write<byte>("img.bmp", channels, MatType.CV_8UC(channels), 255, v => (byte)v);
        using var file = OpenCvImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal("BMP", file.Format);
        AssertPixels(file, channels, 255, 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_JPEG_reads_back_within_compression_tolerance_in_RGB_order(int channels)
    {
        // A smooth image, so that JPEG's error stays small and a channel swap would stand out.
        var data = new byte[Width * Height * channels];
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                for (int c = 0; c < channels; c++)
                    data[(y * Width + x) * channels + (channels == 3 ? 2 - c : c)] = (byte)Smooth(c, x, y);
        string path = _folder.File("img.jpg");
        using (var mat = Mat.FromPixelData(Height, Width, MatType.CV_8UC(channels), data))
        {
            Assert.True(Cv2.ImWrite(path, mat, new ImageEncodingParam(ImwriteFlags.JpegQuality, 100)));
        }
        using var file = OpenCvImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal("JPEG", file.Format);
        Assert.Equal(channels, file.ChannelCount);
        var values = ReadAll(file);
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < Height; y++)
                for (int x = 0; x < Width; x++)
                    Assert.InRange(values[(c * Height + y) * Width + x], Smooth(c, x, y) - 6, Smooth(c, x, y) + 6);
    }

    private static int Smooth(int channel, int x, int y) => 30 + 60 * channel + 2 * x + 2 * y;

    [Fact]
    public void A_region_reads_the_same_pixels_as_the_whole_image()
    {
        var path = Write<byte>("rgb.png", 3, MatType.CV_8UC3, 255, v => (byte)v);
        using var file = OpenCvImageFile.Open(path, ImageReadOptions.Default);
        var region = new PixelRect(5, 7, 4, 3);
        var values = new float[3 * 12];
        file.ReadRegion(0, region, values);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 3; y++)
                for (int x = 0; x < 4; x++)
                    Assert.Equal(Value(c, 5 + x, 7 + y, 255), values[(c * 3 + y) * 4 + x]);
    }

    [Fact]
    public void A_PNG_pHYs_chunk_gives_the_pixel_size_in_micrometres()
    {
        var path = Write<byte>("phys.png", 1, MatType.CV_8UC1, 255, v => (byte)v);
        // 2,000,000 pixels per metre = 0.5 µm per pixel; the chunk goes right after IHDR (8 + 25 bytes).
        var bytes = File.ReadAllBytes(path).ToList();
        var chunk = new byte[21];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, 9);
        "pHYs"u8.CopyTo(chunk.AsSpan(4));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8), 2_000_000);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(12), 2_000_000);
        chunk[16] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(17), TestCrc32(chunk.AsSpan(4, 13)));
        bytes.InsertRange(33, chunk);
        File.WriteAllBytes(path, bytes.ToArray());

        using var file = OpenCvImageFile.Open(path, ImageReadOptions.Default);
        Assert.Equal(new PixelSize(0.5, 0.5, "µm"), file.PixelSize);
        AssertPixels(file, 1, 255, 0);
    }

    [Fact]
    public void A_file_without_a_pixel_size_says_none()
    {
        var path = Write<byte>("plain.png", 1, MatType.CV_8UC1, 255, v => (byte)v);
        using var file = OpenCvImageFile.Open(path, ImageReadOptions.Default);
        Assert.Null(file.PixelSize);
        Assert.Equal(new string?[] { null }, file.ChannelNames);
    }

    [Fact]
    public void A_missing_file_is_reported_as_not_found_naming_it()
    {
        string path = _folder.File("absent.png");
        var e = Assert.Throws<MicrographReadException>(() => OpenCvImageFile.Open(path, ImageReadOptions.Default));
        Assert.Equal(MicrographReadFailure.NotFound, e.Failure);
        Assert.Equal(path, e.Path);
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData("empty.png", 0)]
    [InlineData("garbage.png", 1)]
    [InlineData("garbage.jpg", 1)]
    [InlineData("garbage.bmp", 1)]
    public void Empty_and_garbage_files_are_reported_as_corrupt(string name, int fill)
    {
        string path = _folder.File(name);
        File.WriteAllBytes(path, fill == 0 ? Array.Empty<byte>() : Enumerable.Range(0, 500).Select(i => (byte)(i * 7 + 3)).ToArray());
        var e = Assert.Throws<MicrographReadException>(() => OpenCvImageFile.Open(path, ImageReadOptions.Default));
        Assert.Equal(MicrographReadFailure.Corrupt, e.Failure);
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData("cut.png")]
    [InlineData("cut.jpg")]
    [InlineData("cut.bmp")]
    public void A_truncated_file_is_reported_as_corrupt(string name)
    {
        string path = name.EndsWith(".jpg")
            ? WriteJpeg(name)
            : Write<byte>(name, 3, MatType.CV_8UC3, 255, v => (byte)v);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
        var e = Assert.Throws<MicrographReadException>(() => OpenCvImageFile.Open(path, ImageReadOptions.Default));
        Assert.Equal(MicrographReadFailure.Corrupt, e.Failure);
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void A_PNG_with_a_damaged_chunk_is_reported_as_corrupt()
    {
        var path = Write<byte>("flipped.png", 1, MatType.CV_8UC1, 255, v => (byte)v);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x55;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<MicrographReadException>(() => OpenCvImageFile.Open(path, ImageReadOptions.Default));
        Assert.Equal(MicrographReadFailure.Corrupt, e.Failure);
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void A_PNG_whose_compressed_pixels_are_damaged_is_reported_as_corrupt()
    {
        var path = Write<byte>("inflate.png", 1, MatType.CV_8UC1, 255, v => (byte)v);
        var bytes = File.ReadAllBytes(path);
        // Scramble the IDAT payload past its zlib header and mend the chunk's checksum, so that only
        // the deflate stream is wrong.
        int pos = 8;
        while (true)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(pos));
            if (bytes.AsSpan(pos + 4, 4).SequenceEqual("IDAT"u8))
            {
                for (int i = pos + 10; i < pos + 8 + length - 4; i++) bytes[i] ^= 0xA5;
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(pos + 8 + length), TestCrc32(bytes.AsSpan(pos + 4, 4 + length)));
                break;
            }
            pos += 12 + length;
        }
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<MicrographReadException>(() => OpenCvImageFile.Open(path, ImageReadOptions.Default));
        Assert.Equal(MicrographReadFailure.Corrupt, e.Failure);
        Assert.Contains("compressed pixel data", e.Message);
    }

    [Fact]
    public void A_JPEG_whose_compressed_data_is_damaged_is_reported_as_corrupt_not_filled_with_grey()
    {
        var path = WriteJpeg("damaged.jpg", channels: 1);
        var bytes = File.ReadAllBytes(path);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 40; i++)
        {
            if (bytes[i] != 0xFF && bytes[i + 1] != 0xFF) bytes[i] ^= 0x3C;
        }
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<MicrographReadException>(() => OpenCvImageFile.Open(path, ImageReadOptions.Default));
        Assert.Equal(MicrographReadFailure.Corrupt, e.Failure);
        Assert.Contains(path, e.Message);
        Assert.Contains("premature end", e.Message);
    }

    [Fact]
    public void A_file_of_an_unknown_kind_is_reported_as_unsupported()
    {
        string path = _folder.File("notes.xyz");
        File.WriteAllText(path, "not an image");
        var e = Assert.Throws<MicrographReadException>(() => OpenCvImageFile.Open(path, ImageReadOptions.Default));
        Assert.Equal(MicrographReadFailure.Unsupported, e.Failure);
    }

    [Fact]
    public void A_file_named_for_one_format_but_holding_another_is_read_by_its_content()
    {
        var png = Write<byte>("really.png", 1, MatType.CV_8UC1, 255, v => (byte)v);
        string bmpNamed = _folder.File("really-a-png.bmp");
        File.Copy(png, bmpNamed);
        using var file = OpenCvImageFile.Open(bmpNamed, ImageReadOptions.Default);
        Assert.Equal("PNG", file.Format);
    }

    private string WriteJpeg(string name, int channels = 3)
    {
        var data = new byte[64 * 64 * channels];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 31 % 251);
        string path = _folder.File(name);
        using var mat = Mat.FromPixelData(64, 64, MatType.CV_8UC(channels), data);
        Assert.True(Cv2.ImWrite(path, mat));
        return path;
    }

    private static uint TestCrc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
