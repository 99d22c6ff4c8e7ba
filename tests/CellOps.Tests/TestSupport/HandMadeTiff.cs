using System.Buffers.Binary;
using System.IO.Compression;

namespace CellOps.Tests.TestSupport;

/// <summary>
/// Writes little classic TIFFs byte by byte, so a test can make one that claims what no writer would:
/// a directory entry with any count and offset, or a huge image held in a few kilobytes.
/// </summary>
internal static class HandMadeTiff
{
    /// <summary>A directory entry: tag, field type, count, and the value (≤ 4 bytes) or the offset of the values.</summary>
    public readonly record struct Entry(ushort Tag, ushort Type, uint Count, uint ValueOrOffset);

    /// <summary>An 8×8 grey 8-bit image in one uncompressed strip, with <paramref name="extra"/> entries added to its directory.</summary>
    public static byte[] Small(params Entry[] extra)
    {
        const int pixelsAt = 8;
        int directoryAt = pixelsAt + 64;
        var entries = new List<Entry>
        {
            new(256, 3, 1, 8), new(257, 3, 1, 8), new(258, 3, 1, 8), new(259, 3, 1, 1), new(262, 3, 1, 1),
            new(273, 4, 1, pixelsAt), new(277, 3, 1, 1), new(278, 3, 1, 8), new(279, 4, 1, 64),
        };
        entries.AddRange(extra);
        var bytes = new byte[directoryAt + 2 + 12 * entries.Count + 4];
        Header(bytes, directoryAt);
        WriteDirectory(bytes, directoryAt, entries);
        return bytes;
    }

    /// <summary>
    /// A <paramref name="width"/>×<paramref name="height"/> grey 8-bit image of zeros in Deflate tiles of 1024
    /// pixels, every tile pointing at the one compressed tile: a few hundred kilobytes for any claimed size.
    /// </summary>
    public static byte[] HugeZeros(int width, int height)
    {
        const int tile = 1024;
        byte[] compressed;
        using (var memory = new MemoryStream())
        {
            using (var zlib = new ZLibStream(memory, CompressionLevel.SmallestSize, leaveOpen: true)) zlib.Write(new byte[tile * tile]);
            compressed = memory.ToArray();
        }
        long tiles = (long)((width + tile - 1) / tile) * ((height + tile - 1) / tile);
        const int directoryAt = 8, entryCount = 10;
        int dataAt = directoryAt + 2 + 12 * entryCount + 4;
        int offsetsAt = dataAt + compressed.Length;
        int countsAt = checked(offsetsAt + (int)tiles * 4);
        var bytes = new byte[checked(countsAt + (int)tiles * 4)];
        Header(bytes, directoryAt);
        WriteDirectory(bytes, directoryAt,
        [
            new(256, 4, 1, (uint)width), new(257, 4, 1, (uint)height), new(258, 3, 1, 8), new(259, 3, 1, 8), new(262, 3, 1, 1),
            new(277, 3, 1, 1), new(322, 3, 1, tile), new(323, 3, 1, tile), new(324, 4, (uint)tiles, (uint)offsetsAt), new(325, 4, (uint)tiles, (uint)countsAt),
        ]);
        compressed.CopyTo(bytes, dataAt);
        for (int i = 0; i < tiles; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offsetsAt + 4 * i), (uint)dataAt);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(countsAt + 4 * i), (uint)compressed.Length);
        }
        return bytes;
    }

    private static void Header(byte[] bytes, int directoryAt)
    {
        bytes[0] = (byte)'I';
        bytes[1] = (byte)'I';
        bytes[2] = 42;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)directoryAt);
    }

    private static void WriteDirectory(byte[] bytes, int at, List<Entry> entries)
    {
        entries.Sort((a, b) => a.Tag.CompareTo(b.Tag));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), (ushort)entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            var span = bytes.AsSpan(at + 2 + 12 * i);
            var e = entries[i];
            BinaryPrimitives.WriteUInt16LittleEndian(span, e.Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(span[2..], e.Type);
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], e.Count);
            // A SHORT value sits in the first two bytes of the field.
            if (e.Type == 3 && e.Count == 1) BinaryPrimitives.WriteUInt16LittleEndian(span[8..], (ushort)e.ValueOrOffset);
            else BinaryPrimitives.WriteUInt32LittleEndian(span[8..], e.ValueOrOffset);
        }
    }
}
