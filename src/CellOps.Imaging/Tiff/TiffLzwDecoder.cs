using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// Decodes one strip or tile of TIFF LZW (the post-1992 flavour: MSB-first codes of 9 to 12 bits,
/// Clear = 256, EndOfInformation = 257, the code width growing one code early).
/// </summary>
/// <remarks>
/// Every table entry is the previous string plus the first byte of the next, and those two strings lie
/// side by side in the output. So an entry is kept as an (offset, length) into the output decoded so far,
/// and decoding a code is one block copy from earlier output, with no table of linked characters to walk.
/// Copies move 8 bytes at a time where the output has room past the string (the bytes past its end are
/// overwritten by what follows); bits are refilled 8 bytes at a time.
/// </remarks>
internal static class TiffLzwDecoder
{
    private const int ClearCode = 256;
    private const int EndOfInformation = 257;
    private const int FirstFree = 258;
    private const int TableSize = 4096;

    /// <summary>
    /// Whether <paramref name="data"/> starts like the pre-5.0 libtiff ("old-style", LSB-first) LZW,
    /// which only LibTiff reads.
    /// </summary>
    public static bool IsOldStyle(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == 0 && (data[1] & 0x1) != 0;

    /// <summary>
    /// Decodes <paramref name="source"/> into <paramref name="destination"/>; returns the bytes written,
    /// or -1 where the data is not valid LZW. Output beyond the destination is dropped (as libtiff does
    /// with an over-long strip); a missing EndOfInformation code is tolerated.
    /// </summary>
    [SkipLocalsInit]
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        // Per code: offset in the low 32 bits, length in the high 32, so that one load gets both.
        Span<long> table = stackalloc long[TableSize];
        ref long entries = ref MemoryMarshal.GetReference(table);
        ref byte output = ref MemoryMarshal.GetReference(destination);
        ref byte input = ref MemoryMarshal.GetReference(source);
        int capacity = destination.Length, inputLength = source.Length;
        // Block copies may write up to 7 bytes past a string, so they need that much room.
        int safeEnd = capacity - 8;
        int written = 0;
        int next = FirstFree, width = 9, limit = (1 << 9) - 1;
        // The previous string's place in the output; -1 right after a Clear, when no entry is made.
        int previousOffset = -1, previousLength = 0;

        ulong bits = 0;
        int bitCount = 0, position = 0;
        while (true)
        {
            if (bitCount < width)
            {
                if (position + 8 <= inputLength)
                {
                    // Top up to at least 56 bits with one big-endian load.
                    bits |= BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref input, position))) >> bitCount;
                    position += (63 - bitCount) >> 3;
                    bitCount |= 56;
                }
                else
                {
                    while (bitCount <= 56 && position < inputLength)
                    {
                        bits |= (ulong)Unsafe.Add(ref input, position++) << (56 - bitCount);
                        bitCount += 8;
                    }
                    if (bitCount < width) return written;
                }
            }
            int code = (int)(bits >> (64 - width));
            bits <<= width;
            bitCount -= width;

            int offset = written, length;
            if (code < ClearCode)
            {
                if (written >= capacity) return written;
                Unsafe.Add(ref output, written) = (byte)code;
                length = 1;
            }
            else if (code == ClearCode)
            {
                next = FirstFree;
                width = 9;
                limit = (1 << 9) - 1;
                previousOffset = -1;
                continue;
            }
            else if (code == EndOfInformation)
            {
                return written;
            }
            else if (previousOffset < 0)
            {
                // After a Clear only a literal byte may come.
                return -1;
            }
            else if (code < next)
            {
                long entry = Unsafe.Add(ref entries, code);
                int from = (int)entry;
                length = (int)(entry >> 32);
                if (written + length <= safeEnd) CopyFast(ref output, from, written, length);
                else if (written + length <= capacity) CopyExact(ref output, from, written, length);
                else return Tail(ref output, from, written, capacity);
            }
            else if (code == next)
            {
                // The string being defined: the previous one followed by its own first byte.
                length = previousLength + 1;
                if (written + length > capacity) return Tail(ref output, previousOffset, written, capacity);
                CopyExact(ref output, previousOffset, written, previousLength);
                Unsafe.Add(ref output, written + previousLength) = Unsafe.Add(ref output, previousOffset);
            }
            else
            {
                return -1;
            }
            written += length;

            if (previousOffset >= 0 && next < TableSize)
            {
                Unsafe.Add(ref entries, next) = (uint)previousOffset | ((long)(previousLength + 1) << 32);
                next++;
                if (next >= limit && width < 12)
                {
                    width++;
                    limit = (1 << width) - 1;
                }
            }
            previousOffset = offset;
            previousLength = length;
        }
    }

    /// <summary>Copies in 8-byte blocks; the caller guarantees 8 bytes of room past the string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyFast(ref byte output, int from, int to, int length)
    {
        // The source ends before the destination starts, so a block never reads what this copy wrote
        // within the string; bytes past its end are rewritten by the following codes.
        int done = 0;
        do
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, to + done), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref output, from + done)));
            done += 8;
        }
        while (done < length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyExact(ref byte output, int from, int to, int length)
    {
        for (int i = 0; i < length; i++) Unsafe.Add(ref output, to + i) = Unsafe.Add(ref output, from + i);
    }

    /// <summary>Fills what room is left from a string that does not fit, and ends the decode.</summary>
    private static int Tail(ref byte output, int from, int written, int capacity)
    {
        for (int i = 0; written + i < capacity; i++) Unsafe.Add(ref output, written + i) = Unsafe.Add(ref output, from + i);
        return capacity;
    }
}
