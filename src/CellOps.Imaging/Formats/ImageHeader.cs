using System.Buffers.Binary;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Formats;

/// <summary>
/// The size and sample layout a PNG or JPEG header promises, read from its bytes without decoding, as OpenCV
/// will decode it (RGB(A) with an alpha channel where PNG transparency asks for one). Null where the header
/// leaves the decoded layout in doubt (palette-less odd cases, CMYK JPEG, BMP), so the caller decodes to find out.
/// </summary>
internal sealed record ImageHeader(int Width, int Height, int Channels, PixelType PixelType)
{
    /// <summary>Decoded bytes of the whole image.</summary>
    public long DecodedBytes => (long)Width * Height * Channels * PixelType.BytesPerSample();

    public static ImageHeader? Read(string format, ReadOnlySpan<byte> bytes) => format switch
    {
        "PNG" => Png(bytes),
        "JPEG" => Jpeg(bytes),
        _ => null,
    };

    private static ImageHeader? Png(ReadOnlySpan<byte> b)
    {
        // Signature, then IHDR: length, type, width, height, bit depth, colour type.
        if (b.Length < 33 || !b[12..16].SequenceEqual("IHDR"u8)) return null;
        int width = BinaryPrimitives.ReadInt32BigEndian(b[16..]), height = BinaryPrimitives.ReadInt32BigEndian(b[20..]);
        int depth = b[24], colour = b[25];
        if (width <= 0 || height <= 0) return null;
        bool transparency = false;
        for (long at = 8; at + 8 <= b.Length;)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(b[(int)at..]);
            var type = b.Slice((int)at + 4, 4);
            if (type.SequenceEqual("IDAT"u8)) break;
            if (type.SequenceEqual("tRNS"u8)) transparency = true;
            at += 12L + length;
        }
        int channels = colour switch
        {
            0 => 1,
            2 or 3 => transparency ? 4 : 3,
            4 or 6 => 4,
            _ => 0,
        };
        if (channels == 0 || depth is not (1 or 2 or 4 or 8 or 16)) return null;
        return new ImageHeader(width, height, channels, depth == 16 ? PixelType.UInt16 : PixelType.UInt8);
    }

    private static ImageHeader? Jpeg(ReadOnlySpan<byte> b)
    {
        int at = 2;
        while (at + 4 <= b.Length)
        {
            if (b[at] != 0xFF) return null;
            byte marker = b[at + 1];
            if (marker == 0xFF) { at++; continue; }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD8)) { at += 2; continue; }
            int length = BinaryPrimitives.ReadUInt16BigEndian(b[(at + 2)..]);
            bool frame = marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);
            if (frame)
            {
                if (at + 10 > b.Length) return null;
                int precision = b[at + 4], height = BinaryPrimitives.ReadUInt16BigEndian(b[(at + 5)..]);
                int width = BinaryPrimitives.ReadUInt16BigEndian(b[(at + 7)..]), components = b[at + 9];
                if (precision != 8 || width == 0 || height == 0 || components is not (1 or 3)) return null;
                return new ImageHeader(width, height, components, PixelType.UInt8);
            }
            if (marker == 0xDA) return null;
            at += 2 + length;
        }
        return null;
    }
}
