using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using Xunit;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>Missing, empty, foreign, truncated and corrupted files: always a MicrographReadException that names
/// the file and the failure, and never any text printed by LibTiff.</summary>
[Collection(TiffConsoleCollection.Name)]
public sealed class TiffDamagedFileTests
{
    [Fact]
    public void Missing_file_is_NotFound()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("absent.tif");
        var error = Assert.Throws<MicrographReadException>(() => TiffImageFile.Open(path, ImageReadOptions.Default));
        Assert.Equal(MicrographReadFailure.NotFound, error.Failure);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Empty_file_is_Corrupt()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("empty.tif");
        File.WriteAllBytes(path, Array.Empty<byte>());
        AssertFails(path, MicrographReadFailure.Corrupt);
    }

    [Fact]
    public void Garbage_bytes_are_Unsupported_as_not_a_TIFF()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("garbage.tif");
        var bytes = new byte[4096];
        new Random(3).NextBytes(bytes);
        bytes[0] = (byte)'G';
        File.WriteAllBytes(path, bytes);
        var error = AssertFails(path, MicrographReadFailure.Unsupported);
        Assert.Contains("not a TIFF", error.Message);
    }

    [Fact]
    public void Truncated_file_is_Corrupt_and_prints_nothing()
    {
        using var scratch = TiffTestData.Scratch();
        string whole = WriteSample(scratch.File("whole.tif"), TiffCompression.Lzw);
        string half = scratch.File("half.tif");
        byte[] bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(half, bytes[..(bytes.Length / 2)]);

        var (error, printed) = CaptureConsole(() => AssertFails(half, MicrographReadFailure.Corrupt));
        Assert.Contains(half, error.Message);
        Assert.Equal("", printed);
    }

    [Fact]
    public void Header_only_file_is_Corrupt()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("header.tif");
        File.WriteAllBytes(path, new byte[] { (byte)'I', (byte)'I', 42, 0, 0x40, 0, 0, 0 });
        AssertFails(path, MicrographReadFailure.Corrupt);
    }

    [Fact]
    public void Strip_data_past_the_end_of_the_file_is_Corrupt()
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("cut.tif");
        string whole = WriteSample(scratch.File("whole.tif"), TiffCompression.None);
        // Move the directory to the front so that cutting the tail cuts pixel data, not the directory.
        byte[] bytes = File.ReadAllBytes(whole);
        var cut = TruncatePixelData(bytes);
        File.WriteAllBytes(path, cut);
        var error = AssertFails(path, MicrographReadFailure.Corrupt);
        Assert.Contains("past the end", error.Message);
    }

    [Fact]
    public void Corrupted_compressed_data_fails_on_read_as_Corrupt_and_prints_nothing()
    {
        using var scratch = TiffTestData.Scratch();
        string path = WriteSample(scratch.File("deflate.tif"), TiffCompression.Deflate);
        byte[] bytes = File.ReadAllBytes(path);
        // Pixel data starts right after the 8-byte header; overwrite the first strip's zlib stream.
        for (int i = 8; i < 200; i++) bytes[i] = 0xFF;
        File.WriteAllBytes(path, bytes);

        var (error, printed) = CaptureConsole(() =>
        {
            using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
            return Assert.Throws<MicrographReadException>(() => TiffTestData.ReadAll(file));
        });
        Assert.Equal(MicrographReadFailure.Corrupt, error.Failure);
        Assert.Contains(path, error.Message);
        Assert.Equal("", printed);
    }

    [Theory]
    [InlineData(24, 3)]
    [InlineData(12, 2)]
    [InlineData(48, 1)]
    public void Unsupported_sample_types_are_refused_with_the_reason(int bits, int sampleFormat)
    {
        using var scratch = TiffTestData.Scratch();
        string path = scratch.File("odd.tif");
        using (var tif = BitMiracle.LibTiff.Classic.Tiff.Open(path, "w"))
        {
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.IMAGEWIDTH, 8);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.IMAGELENGTH, 4);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.BITSPERSAMPLE, bits);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.SAMPLEFORMAT, sampleFormat);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.SAMPLESPERPIXEL, 1);
            tif.SetField(BitMiracle.LibTiff.Classic.TiffTag.PHOTOMETRIC, BitMiracle.LibTiff.Classic.Photometric.MINISBLACK);
            for (int y = 0; y < 4; y++) tif.WriteScanline(new byte[8 * 8], y);
        }
        var error = AssertFails(path, MicrographReadFailure.Unsupported);
        Assert.Contains($"{bits}-bit", error.Message);
    }

    [Fact]
    public void Region_outside_the_image_is_an_argument_error()
    {
        using var scratch = TiffTestData.Scratch();
        string path = WriteSample(scratch.File("s.tif"), TiffCompression.None);
        using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadRegion(0, new PixelRect(-1, 0, 4, 4), new byte[64]));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadRegion(1, new PixelRect(0, 0, 4, 4), new byte[64]));
        Assert.Throws<ArgumentException>(() => file.ReadRegion(0, new PixelRect(0, 0, 4, 4), new byte[3]));
    }

    private static MicrographReadException AssertFails(string path, MicrographReadFailure failure)
    {
        var error = Assert.Throws<MicrographReadException>(() =>
        {
            using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
            TiffTestData.ReadAll(file);
        });
        Assert.Equal(failure, error.Failure);
        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message);
        return error;
    }

    private static string WriteSample(string path, TiffCompression compression)
    {
        const int w = 200, h = 150;
        TiffWriter.Write(path, w, h, new TiffWriteOptions { PixelType = PixelType.UInt16, Compression = compression, RowsPerStrip = 16 },
            TiffTestData.RandomPixels(PixelType.UInt16, w * h, 11));
        return path;
    }

    /// <summary>Shortens the last strip's recorded data by cutting the file just before the directory and
    /// moving the directory up, so that the strip's byte range now reaches past the end.</summary>
    private static byte[] TruncatePixelData(byte[] bytes)
    {
        uint ifd = BitConverter.ToUInt32(bytes, 4);
        int ifdLength = bytes.Length - (int)ifd;
        const int cut = 1000;
        var result = new byte[bytes.Length - cut];
        Array.Copy(bytes, result, ifd - cut);
        Array.Copy(bytes, ifd, result, ifd - cut, ifdLength);
        BitConverter.GetBytes(ifd - cut).CopyTo(result, 4);
        // Out-of-line tag values (offset arrays, strings) moved too: shift every offset that pointed past the cut.
        int entries = BitConverter.ToUInt16(result, (int)ifd - cut);
        for (int e = 0; e < entries; e++)
        {
            int at = (int)ifd - cut + 2 + e * 12;
            int type = BitConverter.ToUInt16(result, at + 2);
            uint count = BitConverter.ToUInt32(result, at + 4);
            int size = type switch { 3 => 2, 4 => 4, 5 => 8, 1 or 2 or 7 => 1, _ => 4 } * (int)count;
            if (size > 4)
            {
                uint offset = BitConverter.ToUInt32(result, at + 8);
                if (offset >= ifd) BitConverter.GetBytes(offset - cut).CopyTo(result, at + 8);
            }
        }
        return result;
    }

    private static (T Result, string Printed) CaptureConsole<T>(Func<T> action)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        var sink = new StringWriter();
        Console.SetOut(sink);
        Console.SetError(sink);
        try
        {
            return (action(), sink.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
