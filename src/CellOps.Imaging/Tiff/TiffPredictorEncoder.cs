using System.Numerics;
using System.Runtime.InteropServices;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// Applies the TIFF predictors to a strip or tile before compression, row by row, as libtiff does
/// (Predictor 2, horizontal differencing, and Predictor 3, floating point, of TIFF Technical Note 3).
/// Samples are in the machine's byte order, which is the file's byte order wherever the writer uses this.
/// </summary>
internal static class TiffPredictorEncoder
{
    /// <summary>
    /// Writes the predicted form of <paramref name="rows"/> rows of <paramref name="source"/> into
    /// <paramref name="destination"/>; the two must not overlap.
    /// </summary>
    /// <param name="rowStride">Bytes per row.</param>
    /// <param name="bytesPerSample">1, 2 or 4.</param>
    /// <param name="samplesPerPixel">Samples interleaved per pixel in the chunk (1 for planar pages).</param>
    /// <param name="scratch">At least <paramref name="rowStride"/> bytes the floating-point predictor may use.</param>
    public static void Apply(TiffPredictor predictor, ReadOnlySpan<byte> source, Span<byte> destination, int rowStride, int rows, int bytesPerSample, int samplesPerPixel, Span<byte> scratch)
    {
        for (int y = 0; y < rows; y++)
        {
            var from = source.Slice(y * rowStride, rowStride);
            var to = destination.Slice(y * rowStride, rowStride);
            if (predictor == TiffPredictor.FloatingPoint)
            {
                FloatingPointRow(from, to, bytesPerSample, samplesPerPixel, scratch[..rowStride]);
                continue;
            }
            switch (bytesPerSample)
            {
                case 1:
                    Difference(from, to, samplesPerPixel);
                    break;
                case 2:
                    Difference(MemoryMarshal.Cast<byte, ushort>(from), MemoryMarshal.Cast<byte, ushort>(to), samplesPerPixel);
                    break;
                case 4:
                    Difference(MemoryMarshal.Cast<byte, uint>(from), MemoryMarshal.Cast<byte, uint>(to), samplesPerPixel);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(bytesPerSample), bytesPerSample, "The horizontal predictor needs 8, 16 or 32-bit samples.");
            }
        }
    }

    /// <summary>
    /// Predictor 3: the row's samples split into byte planes, most significant byte first, then each byte
    /// less the byte one pixel before it across the whole row of planes (libtiff's fpDiff).
    /// </summary>
    private static void FloatingPointRow(ReadOnlySpan<byte> row, Span<byte> destination, int bytesPerSample, int samplesPerPixel, Span<byte> planes)
    {
        int count = row.Length / bytesPerSample;
        if (bytesPerSample == 4 && BitConverter.IsLittleEndian)
        {
            var samples = MemoryMarshal.Cast<byte, uint>(row[..(count * 4)]);
            var p0 = planes[..count];
            var p1 = planes.Slice(count, count);
            var p2 = planes.Slice(2 * count, count);
            var p3 = planes.Slice(3 * count, count);
            for (int k = 0; k < samples.Length; k++)
            {
                uint v = samples[k];
                p0[k] = (byte)(v >> 24);
                p1[k] = (byte)(v >> 16);
                p2[k] = (byte)(v >> 8);
                p3[k] = (byte)v;
            }
        }
        else
        {
            for (int k = 0; k < count; k++)
            {
                for (int b = 0; b < bytesPerSample; b++)
                {
                    int plane = BitConverter.IsLittleEndian ? bytesPerSample - 1 - b : b;
                    planes[plane * count + k] = row[k * bytesPerSample + b];
                }
            }
        }
        Difference<byte>(planes, destination, samplesPerPixel);
    }

    /// <summary>Each element less the one <paramref name="stride"/> before it; the first <paramref name="stride"/> are kept.</summary>
    private static void Difference<T>(ReadOnlySpan<T> source, Span<T> destination, int stride)
        where T : unmanaged, IBinaryInteger<T>
    {
        int n = source.Length;
        int head = Math.Min(stride, n);
        source[..head].CopyTo(destination);
        int i = head;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<T>.Count;
            for (; i + width <= n; i += width)
            {
                var difference = new Vector<T>(source[i..]) - new Vector<T>(source[(i - stride)..]);
                difference.CopyTo(destination[i..]);
            }
        }
        for (; i < n; i++) destination[i] = source[i] - source[i - stride];
    }
}
