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
        Span<int> offsets = stackalloc int[TableSize];
        Span<int> lengths = stackalloc int[TableSize];
        ref byte output = ref MemoryMarshal.GetReference(destination);
        int capacity = destination.Length;
        int written = 0;
        int next = FirstFree, width = 9;
        // The previous string's place in the output; -1 right after a Clear, when no entry is made.
        int previousOffset = -1, previousLength = 0;

        ulong bits = 0;
        int bitCount = 0, position = 0;
        while (true)
        {
            if (bitCount < width)
            {
                // Refill to at least 56 bits, big-endian, from whatever input is left.
                while (bitCount <= 56 && position < source.Length)
                {
                    bits |= (ulong)source[position++] << (56 - bitCount);
                    bitCount += 8;
                }
                if (bitCount < width) return written;
            }
            int code = (int)(bits >> (64 - width));
            bits <<= width;
            bitCount -= width;

            if (code == EndOfInformation) return written;
            if (code == ClearCode)
            {
                next = FirstFree;
                width = 9;
                previousOffset = -1;
                continue;
            }

            int offset = written, length;
            if (code < ClearCode)
            {
                if (written >= capacity) return written;
                Unsafe.Add(ref output, written) = (byte)code;
                length = 1;
            }
            else if (previousOffset < 0)
            {
                // After a Clear only a literal byte may come.
                return -1;
            }
            else if (code < next)
            {
                length = lengths[code];
                if (written + length > capacity) return Tail(ref output, offsets[code], written, capacity);
                Copy(ref output, offsets[code], written, length);
            }
            else if (code == next)
            {
                // The string being defined: the previous one followed by its own first byte.
                length = previousLength + 1;
                if (written + length > capacity) return Tail(ref output, previousOffset, written, capacity);
                Copy(ref output, previousOffset, written, previousLength);
                Unsafe.Add(ref output, written + previousLength) = Unsafe.Add(ref output, previousOffset);
            }
            else
            {
                return -1;
            }
            written += length;

            if (previousOffset >= 0 && next < TableSize)
            {
                offsets[next] = previousOffset;
                lengths[next] = previousLength + 1;
                next++;
                if (next >= (1 << width) - 1 && width < 12) width++;
            }
            previousOffset = offset;
            previousLength = length;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(ref byte output, int from, int to, int length)
    {
        if (length <= 8)
        {
            // Short strings are the common case; a byte loop beats a call to memmove for them.
            for (int i = 0; i < length; i++) Unsafe.Add(ref output, to + i) = Unsafe.Add(ref output, from + i);
        }
        else
        {
            Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref output, to), ref Unsafe.Add(ref output, from), (uint)length);
        }
    }

    /// <summary>Fills what room is left from a string that does not fit, and ends the decode.</summary>
    private static int Tail(ref byte output, int from, int written, int capacity)
    {
        for (int i = 0; written + i < capacity; i++) Unsafe.Add(ref output, written + i) = Unsafe.Add(ref output, from + i);
        return capacity;
    }
}
