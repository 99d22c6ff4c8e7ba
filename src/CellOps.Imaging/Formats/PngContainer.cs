using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Formats;

/// <summary>
/// Checks a PNG file's chunks, checksums and compressed pixel data before OpenCV decodes it: libpng
/// reports damage by printing to stderr, which a PowerShell session should not see, and the message
/// it prints is lost to the caller. Also picks up the pixel size (pHYs) on the way.
/// </summary>
internal static class PngContainer
{
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static PixelSize? Check(string path, byte[] bytes, Dictionary<string, string> metadata)
    {
        PixelSize? pixelSize = null;
        long expectedRaw = -1;
        var compressed = new MemoryStream();
        int pos = 8;
        bool first = true;
        while (true)
        {
            if (pos + 12 > bytes.Length) throw Corrupt(path, "the file is truncated (no IEND chunk)");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(pos));
            if (length > int.MaxValue || pos + 12L + length > bytes.Length)
            {
                throw Corrupt(path, $"the file is truncated (a chunk at byte {pos} runs past its end)");
            }
            var data = bytes.AsSpan(pos + 8, (int)length);
            string name = Encoding.ASCII.GetString(bytes, pos + 4, 4);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(pos + 8 + (int)length));
            if (Crc32.Compute(bytes.AsSpan(pos + 4, 4 + (int)length)) != crc)
            {
                throw Corrupt(path, $"the checksum of chunk '{name}' at byte {pos} is wrong");
            }
            if (first && name != "IHDR") throw Corrupt(path, "the first chunk is not IHDR");
            first = false;
            switch (name)
            {
                case "IHDR" when length == 13:
                    expectedRaw = RawSize(data);
                    metadata["Compression"] = "Deflate";
                    metadata["Interlaced"] = data[12] != 0 ? "True" : "False";
                    break;
                case "pHYs" when length == 9 && data[8] == 1:
                    {
                        // Unit 1 is the metre; CellOps speaks of micrometres.
                        uint perMetreX = BinaryPrimitives.ReadUInt32BigEndian(data);
                        uint perMetreY = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                        if (perMetreX > 0 && perMetreY > 0) pixelSize = new PixelSize(1e6 / perMetreX, 1e6 / perMetreY, "µm");
                        break;
                    }
                case "IDAT":
                    compressed.Write(data);
                    break;
                case "IEND":
                    CheckPixelData(path, compressed, expectedRaw);
                    return pixelSize;
            }
            pos += 12 + (int)length;
        }
    }

    private static void CheckPixelData(string path, MemoryStream compressed, long expectedRaw)
    {
        if (compressed.Length == 0) throw Corrupt(path, "the file has no pixel data (no IDAT chunk)");
        compressed.Position = 0;
        long total = 0;
        var sink = new byte[1 << 16];
        try
        {
            using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
            int n;
            while ((n = inflater.Read(sink, 0, sink.Length)) > 0) total += n;
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(path, "the compressed pixel data is damaged", e);
        }
        if (expectedRaw >= 0 && total < expectedRaw)
        {
            throw Corrupt(path, $"the pixel data is truncated ({total} of {expectedRaw} bytes after decompression)");
        }
    }

    /// <summary>Bytes of filtered scanlines the IHDR promises, over all interlace passes; −1 when unknown.</summary>
    private static long RawSize(ReadOnlySpan<byte> ihdr)
    {
        long width = BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        long height = BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]);
        int bitDepth = ihdr[8];
        int samples = ihdr[9] switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
        if (samples == 0 || width == 0 || height == 0) return -1;
        long bitsPerPixel = (long)samples * bitDepth;
        long Rows(long w, long h) => w == 0 || h == 0 ? 0 : h * (1 + (w * bitsPerPixel + 7) / 8);
        if (ihdr[12] == 0) return Rows(width, height);
        // Adam7: pass origins and steps in x and y.
        ReadOnlySpan<int> x0 = [0, 4, 0, 2, 0, 1, 0], dx = [8, 8, 4, 4, 2, 2, 1];
        ReadOnlySpan<int> y0 = [0, 0, 4, 0, 2, 0, 1], dy = [8, 8, 8, 4, 4, 2, 2];
        long total = 0;
        for (int p = 0; p < 7; p++)
        {
            total += Rows((width - x0[p] + dx[p] - 1) / dx[p], (height - y0[p] + dy[p] - 1) / dy[p]);
        }
        return total;
    }

    private static MicrographReadException Corrupt(string path, string problem, Exception? inner = null) =>
        OpenCvImageFile.Corrupt(path, "PNG", problem, inner);
}
