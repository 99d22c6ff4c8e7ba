using System.Buffers.Binary;
using BitMiracle.LibTiff.Classic;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// Walks a TIFF's chain of directories before LibTiff reads them and refuses any entry whose values
/// (count × size of its type) could not fit in the file. LibTiff allocates what an entry claims before
/// it finds the file too short, so a few kilobytes of damaged directory otherwise cost gigabytes.
/// </summary>
/// <remarks>Structure LibTiff reports well (a directory past the end, a broken link) is left to it.</remarks>
internal static class TiffDirectoryScan
{
    private const int EntriesPerRead = 4096;

    /// <summary>Throws <see cref="MicrographReadFailure.Corrupt"/> for the first entry whose values overrun the file.</summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="stream">The file, positioned anywhere; left at position 0.</param>
    /// <param name="bigTiff">Whether the header says BigTIFF.</param>
    /// <param name="maxPages">How many directories to follow at most.</param>
    public static void Check(string path, Stream stream, bool bigTiff, int maxPages)
    {
        long length = stream.Length;
        var reader = new Reader(stream);
        bool little = reader.Bytes(0, 2) is [(byte)'I', (byte)'I'];
        long offset = bigTiff ? reader.UInt64(8, little) : reader.UInt32(4, little);
        int entrySize = bigTiff ? 20 : 12, countSize = bigTiff ? 8 : 2, inline = bigTiff ? 8 : 4;
        var seen = new HashSet<long>();
        for (int page = 1; page <= maxPages && offset > 0 && seen.Add(offset); page++)
        {
            if (offset > length - countSize) break;
            long entries = bigTiff ? reader.UInt64(offset, little) : reader.UInt16(offset, little);
            if (entries < 0) break;
            long first = offset + countSize;
            // Entries past the end are LibTiff's to report; only the ones present can claim memory.
            long present = Math.Min(entries, (length - first) / entrySize);
            var layout = new Layout();
            for (long start = 0; start < present; start += EntriesPerRead)
            {
                int n = (int)Math.Min(EntriesPerRead, present - start);
                var block = reader.Block(first + start * entrySize, n * entrySize);
                for (int i = 0; i < n; i++)
                {
                    var entry = block.Slice(i * entrySize, entrySize);
                    int tag = Read16(entry, little);
                    int size = TypeSize(Read16(entry[2..], little));
                    if (size == 0) continue; // LibTiff skips entries of unknown types without reading them.
                    ulong count = bigTiff ? Read64(entry[4..], little) : Read32(entry[4..], little);
                    if (count == 1 && size <= inline) layout.Note(tag, Inline(entry[(bigTiff ? 12 : 8)..], size, little));
                    // A division, not count × size, which a hostile count overflows.
                    if (count > (ulong)length / (ulong)size) throw Overrun(path, page, tag, count, size, length);
                    long bytes = (long)count * size;
                    if (bytes <= inline) continue;
                    ulong dataOffset = bigTiff ? Read64(entry[12..], little) : Read32(entry[8..], little);
                    if (dataOffset > (ulong)(length - bytes))
                    {
                        throw new MicrographReadException(path, MicrographReadFailure.Corrupt,
                            $"TIFF file '{path}' is damaged: page {page}'s {TagName(tag)} values ({bytes:N0} bytes at offset {dataOffset:N0}) lie past the end of the {length:N0}-byte file.");
                    }
                }
            }
            // LibTiff sizes its strip and tile tables from the image's dimensions, not from the counts
            // the file lists, so 10 million claimed rows cost hundreds of megabytes before any check.
            if (layout.Chunks() is var (chunks, what) && chunks > (ulong)length)
            {
                throw new MicrographReadException(path, MicrographReadFailure.Corrupt,
                    $"TIFF file '{path}' is damaged: page {page} claims {chunks:N0} {what}, more than its {length:N0} bytes could hold.");
            }
            if (present < entries) break;
            long next = first + entries * entrySize;
            if (next > length - (bigTiff ? 8 : 4)) break;
            offset = bigTiff ? reader.UInt64(next, little) : reader.UInt32(next, little);
        }
        stream.Position = 0;
    }

    private static ulong Inline(ReadOnlySpan<byte> value, int size, bool little) => size switch
    {
        2 => (ulong)Read16(value, little),
        4 => Read32(value, little),
        8 => Read64(value, little),
        _ => value[0],
    };

    /// <summary>The dimensions a directory gives, enough to know how many strips or tiles LibTiff will expect.</summary>
    private sealed class Layout
    {
        private ulong _width, _height, _rowsPerStrip = uint.MaxValue, _tileWidth, _tileHeight, _samples = 1, _planar = 1;

        public void Note(int tag, ulong value)
        {
            switch (tag)
            {
                case 256: _width = value; break;
                case 257: _height = value; break;
                case 278: _rowsPerStrip = value; break;
                case 322: _tileWidth = value; break;
                case 323: _tileHeight = value; break;
                case 277: _samples = value; break;
                case 284: _planar = value; break;
            }
        }

        /// <summary>How many strips or tiles the dimensions imply, and what they are; null where they give none.</summary>
        public (ulong Count, string What)? Chunks()
        {
            ulong planes = _planar == 2 ? Math.Max(1, _samples) : 1;
            if (_tileWidth > 0 && _tileHeight > 0)
            {
                if (_width == 0 || _height == 0) return null;
                ulong across = (_width + _tileWidth - 1) / _tileWidth, down = (_height + _tileHeight - 1) / _tileHeight;
                return (Saturate(across, down, planes), $"tiles ({_width:N0}×{_height:N0} pixels in tiles of {_tileWidth:N0}×{_tileHeight:N0})");
            }
            if (_height == 0 || _rowsPerStrip == 0) return null;
            ulong strips = _height / _rowsPerStrip + (_height % _rowsPerStrip == 0 ? 0UL : 1UL);
            return (Saturate(strips, 1, planes), $"strips ({_height:N0} rows in strips of {_rowsPerStrip:N0})");
        }

        private static ulong Saturate(ulong a, ulong b, ulong c)
        {
            UInt128 product = (UInt128)a * b * c;
            return product > ulong.MaxValue ? ulong.MaxValue : (ulong)product;
        }
    }

    private static MicrographReadException Overrun(string path, int page, int tag, ulong count, int size, long length) =>
        new(path, MicrographReadFailure.Corrupt,
            $"TIFF file '{path}' is damaged: page {page}'s {TagName(tag)} claims {count:N0} values of {size} byte(s), more than the whole {length:N0}-byte file holds.");

    private static string TagName(int tag) =>
        Enum.IsDefined(typeof(TiffTag), tag) ? $"{(TiffTag)tag} tag ({tag})" : $"tag {tag}";

    /// <summary>Bytes per value of a TIFF field type; 0 for types TIFF does not define.</summary>
    private static int TypeSize(int type) => type switch
    {
        1 or 2 or 6 or 7 => 1, // BYTE, ASCII, SBYTE, UNDEFINED
        3 or 8 => 2, // SHORT, SSHORT
        4 or 9 or 11 or 13 => 4, // LONG, SLONG, FLOAT, IFD
        5 or 10 or 12 or 16 or 17 or 18 => 8, // RATIONAL, SRATIONAL, DOUBLE, LONG8, SLONG8, IFD8
        _ => 0,
    };

    private static int Read16(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);

    private static uint Read32(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);

    private static ulong Read64(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt64LittleEndian(b) : BinaryPrimitives.ReadUInt64BigEndian(b);

    /// <summary>Reads at absolute offsets; a read past the end gives zeros, which the callers' bounds rule out.</summary>
    private sealed class Reader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[EntriesPerRead * 20];

        public ReadOnlySpan<byte> Block(long offset, int count)
        {
            var span = _buffer.AsSpan(0, count);
            span.Clear();
            stream.Position = offset;
            stream.ReadAtLeast(span, count, throwOnEndOfStream: false);
            return span;
        }

        public byte[] Bytes(long offset, int count) => Block(offset, count).ToArray();

        public int UInt16(long offset, bool little) => Read16(Block(offset, 2), little);

        public uint UInt32(long offset, bool little) => Read32(Block(offset, 4), little);

        // Offsets above 2^63 are damage; they come back negative and fail every bounds test.
        public long UInt64(long offset, bool little) => (long)Read64(Block(offset, 8), little);
    }
}
