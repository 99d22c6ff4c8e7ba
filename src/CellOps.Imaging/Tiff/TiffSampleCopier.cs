using System.Runtime.InteropServices;

namespace CellOps.Imaging.Tiff;

/// <summary>Moves samples between TIFF rows (packed, chunky or planar) and channel-planar buffers.</summary>
internal static class TiffSampleCopier
{
    /// <summary>
    /// Copies <paramref name="count"/> samples of one channel out of a decoded row into <paramref name="destination"/>
    /// (one output sample each: a byte for 1 to 8 bits, 2 bytes for 16, 4 bytes for 32).
    /// </summary>
    /// <param name="row">The decoded row, starting at pixel 0 of its chunk.</param>
    /// <param name="bitsPerSample">1, 2, 4, 8, 16 or 32.</param>
    /// <param name="samplesPerPixel">Samples interleaved in the row (1 for planar data).</param>
    /// <param name="sample">Which interleaved sample to take.</param>
    /// <param name="firstPixel">First pixel of the row to take.</param>
    /// <param name="count">Number of pixels.</param>
    /// <param name="destination">Receives the samples.</param>
    public static void Extract(ReadOnlySpan<byte> row, int bitsPerSample, int samplesPerPixel, int sample, int firstPixel, int count, Span<byte> destination)
    {
        switch (bitsPerSample)
        {
            case 8:
                Gather(row, samplesPerPixel, firstPixel * samplesPerPixel + sample, count, destination);
                break;
            case 16:
                Gather(MemoryMarshal.Cast<byte, ushort>(row), samplesPerPixel, firstPixel * samplesPerPixel + sample, count, MemoryMarshal.Cast<byte, ushort>(destination));
                break;
            case 32:
                Gather(MemoryMarshal.Cast<byte, uint>(row), samplesPerPixel, firstPixel * samplesPerPixel + sample, count, MemoryMarshal.Cast<byte, uint>(destination));
                break;
            default:
                Unpack(row, bitsPerSample, samplesPerPixel, sample, firstPixel, count, destination);
                break;
        }
    }

    /// <summary>Writes <paramref name="count"/> samples of one channel into a row to be encoded; the inverse of <see cref="Extract"/>.</summary>
    public static void Insert(ReadOnlySpan<byte> source, int bitsPerSample, int samplesPerPixel, int sample, int count, Span<byte> row)
    {
        switch (bitsPerSample)
        {
            case 8:
                Scatter(source[..count], samplesPerPixel, sample, row);
                break;
            case 16:
                Scatter(MemoryMarshal.Cast<byte, ushort>(source)[..count], samplesPerPixel, sample, MemoryMarshal.Cast<byte, ushort>(row));
                break;
            case 32:
                Scatter(MemoryMarshal.Cast<byte, uint>(source)[..count], samplesPerPixel, sample, MemoryMarshal.Cast<byte, uint>(row));
                break;
            default:
                Pack(source, bitsPerSample, samplesPerPixel, sample, count, row);
                break;
        }
    }

    private static void Gather<T>(ReadOnlySpan<T> source, int stride, int start, int count, Span<T> destination)
        where T : unmanaged
    {
        if (stride == 1)
        {
            source.Slice(start, count).CopyTo(destination);
            return;
        }
        var dst = destination[..count];
        int s = start;
        for (int i = 0; i < dst.Length; i++, s += stride) dst[i] = source[s];
    }

    private static void Scatter<T>(ReadOnlySpan<T> source, int stride, int start, Span<T> destination)
        where T : unmanaged
    {
        if (stride == 1)
        {
            source.CopyTo(destination[start..]);
            return;
        }
        int d = start;
        for (int i = 0; i < source.Length; i++, d += stride) destination[d] = source[i];
    }

    private static void Unpack(ReadOnlySpan<byte> row, int bits, int spp, int sample, int firstPixel, int count, Span<byte> destination)
    {
        int mask = (1 << bits) - 1;
        long bit = ((long)firstPixel * spp + sample) * bits;
        int step = spp * bits;
        for (int i = 0; i < count; i++, bit += step)
        {
            int shift = 8 - bits - (int)(bit & 7);
            destination[i] = (byte)((row[(int)(bit >> 3)] >> shift) & mask);
        }
    }

    private static void Pack(ReadOnlySpan<byte> source, int bits, int spp, int sample, int count, Span<byte> row)
    {
        int mask = (1 << bits) - 1;
        long bit = (long)sample * bits;
        int step = spp * bits;
        for (int i = 0; i < count; i++, bit += step)
        {
            int shift = 8 - bits - (int)(bit & 7);
            int index = (int)(bit >> 3);
            row[index] = (byte)((row[index] & ~(mask << shift)) | ((source[i] & mask) << shift));
        }
    }
}
