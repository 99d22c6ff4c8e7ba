using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// Reads TIFF samples that have no <see cref="PixelType"/> of their own into the nearest one that holds
/// them: unsigned integers of odd widths (3, 5, 6, 7, 10, 12, 14, 24 bits…) into UInt8, UInt16 or UInt32
/// keeping their values (a 12-bit camera's 0–4095 stays 0–4095), 16-bit and 64-bit floats and 64-bit
/// integers into Float32.
/// </summary>
/// <remarks>
/// Rows come as LibTiff decodes them: samples of whole bytes (16, 24, 32, 64 bits) in machine byte order,
/// other widths packed most significant bit first with each row padded to a whole byte.
/// </remarks>
internal static class TiffSampleWidener
{
    /// <summary>The type samples of <paramref name="bits"/> bits in <paramref name="format"/> are widened to; null where the copier takes them as they are or nothing can.</summary>
    public static PixelType? TargetType(int bits, SampleFormat format) => (format, bits) switch
    {
        (SampleFormat.UINT or SampleFormat.VOID, 1 or 2 or 4 or 8 or 16 or 32) => null,
        (SampleFormat.UINT or SampleFormat.VOID, >= 3 and <= 7) => PixelType.UInt8,
        (SampleFormat.UINT or SampleFormat.VOID, >= 9 and <= 15) => PixelType.UInt16,
        (SampleFormat.UINT or SampleFormat.VOID, >= 17 and <= 31) => PixelType.UInt32,
        (SampleFormat.UINT or SampleFormat.VOID or SampleFormat.INT, 64) => PixelType.Float32,
        (SampleFormat.IEEEFP, 16 or 64) => PixelType.Float32,
        _ => null,
    };

    /// <summary>
    /// Copies <paramref name="count"/> samples of one channel out of a decoded row into <paramref name="destination"/>,
    /// as <paramref name="target"/> (from <see cref="TargetType"/>).
    /// </summary>
    /// <param name="horizontalPredictor">Undo horizontal differencing (modulo 2^bits), which LibTiff leaves to CellOps for odd widths.</param>
    public static void Extract(ReadOnlySpan<byte> row, int bits, SampleFormat format, PixelType target, bool horizontalPredictor,
        int samplesPerPixel, int sample, int firstPixel, int count, Span<byte> destination)
    {
        if (target == PixelType.Float32)
        {
            ToSingle(row, bits, format, samplesPerPixel, sample, firstPixel, count, MemoryMarshal.Cast<byte, float>(destination));
            return;
        }
        uint mask = bits == 32 ? uint.MaxValue : (1u << bits) - 1;
        // Differences run from the start of the row, so the samples before the region are summed too.
        int start = horizontalPredictor ? 0 : firstPixel;
        uint sum = 0;
        for (int p = start; p < firstPixel + count; p++)
        {
            uint value = bits == 24 ? Read24(row, p * samplesPerPixel + sample) : ReadBits(row, ((long)p * samplesPerPixel + sample) * bits, bits);
            if (horizontalPredictor) value = sum = (sum + value) & mask;
            if (p < firstPixel) continue;
            int i = p - firstPixel;
            switch (target)
            {
                case PixelType.UInt8: destination[i] = (byte)value; break;
                case PixelType.UInt16: MemoryMarshal.Cast<byte, ushort>(destination)[i] = (ushort)value; break;
                default: MemoryMarshal.Cast<byte, uint>(destination)[i] = value; break;
            }
        }
    }

    private static void ToSingle(ReadOnlySpan<byte> row, int bits, SampleFormat format, int spp, int sample, int firstPixel, int count, Span<float> destination)
    {
        int s = firstPixel * spp + sample;
        if (bits == 16)
        {
            var halves = MemoryMarshal.Cast<byte, Half>(row);
            for (int i = 0; i < count; i++, s += spp) destination[i] = (float)halves[s];
        }
        else if (format == SampleFormat.IEEEFP)
        {
            var doubles = MemoryMarshal.Cast<byte, double>(row);
            for (int i = 0; i < count; i++, s += spp) destination[i] = (float)doubles[s];
        }
        else if (format == SampleFormat.INT)
        {
            var longs = MemoryMarshal.Cast<byte, long>(row);
            for (int i = 0; i < count; i++, s += spp) destination[i] = longs[s];
        }
        else
        {
            var ulongs = MemoryMarshal.Cast<byte, ulong>(row);
            for (int i = 0; i < count; i++, s += spp) destination[i] = ulongs[s];
        }
    }

    private static uint Read24(ReadOnlySpan<byte> row, int index)
    {
        var bytes = row.Slice(index * 3, 3);
        return BitConverter.IsLittleEndian
            ? (uint)(bytes[0] | bytes[1] << 8 | bytes[2] << 16)
            : (uint)(bytes[2] | bytes[1] << 8 | bytes[0] << 16);
    }

    /// <summary>The <paramref name="bits"/>-bit value (at most 32) starting <paramref name="bit"/> bits into the row, most significant bit first.</summary>
    internal static uint ReadBits(ReadOnlySpan<byte> row, long bit, int bits)
    {
        int first = (int)(bit >> 3);
        int needed = (int)(bit & 7) + bits;
        int byteCount = (needed + 7) >> 3;
        ulong word = 0;
        for (int i = 0; i < byteCount; i++) word = word << 8 | row[first + i];
        return (uint)((word >> (byteCount * 8 - needed)) & ((1UL << bits) - 1));
    }
}
