using System.Runtime.InteropServices;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Formats;

/// <summary>
/// The reverse of <see cref="PixelConversion.ToSingle"/>: float values back to raw samples of a pixel
/// type, rounded to the nearest whole number and clamped to the type's range for integer types. Lets
/// an image computed in floats (resized, say) keep its source's pixel type, and so its normalisation.
/// </summary>
internal static class SampleEncoder
{
    /// <summary>Raw samples of <paramref name="type"/> in the machine's byte order, one per value.</summary>
    public static byte[] Encode(ReadOnlySpan<float> values, PixelType type)
    {
        var raw = new byte[checked(values.Length * type.BytesPerSample())];
        switch (type)
        {
            case PixelType.Bit:
                Fill(values, raw.AsSpan(), 0, 1);
                break;
            case PixelType.UInt8:
                Fill(values, raw.AsSpan(), byte.MinValue, byte.MaxValue);
                break;
            case PixelType.Int8:
                Fill(values, MemoryMarshal.Cast<byte, sbyte>(raw.AsSpan()), sbyte.MinValue, sbyte.MaxValue);
                break;
            case PixelType.UInt16:
                Fill(values, MemoryMarshal.Cast<byte, ushort>(raw.AsSpan()), ushort.MinValue, ushort.MaxValue);
                break;
            case PixelType.Int16:
                Fill(values, MemoryMarshal.Cast<byte, short>(raw.AsSpan()), short.MinValue, short.MaxValue);
                break;
            case PixelType.UInt32:
                Fill(values, MemoryMarshal.Cast<byte, uint>(raw.AsSpan()), uint.MinValue, uint.MaxValue);
                break;
            case PixelType.Int32:
                Fill(values, MemoryMarshal.Cast<byte, int>(raw.AsSpan()), int.MinValue, int.MaxValue);
                break;
            case PixelType.Float32:
                values.CopyTo(MemoryMarshal.Cast<byte, float>(raw.AsSpan()));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown pixel type.");
        }
        return raw;
    }

    private static void Fill<T>(ReadOnlySpan<float> values, Span<T> destination, double min, double max)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            double v = Math.Clamp(Math.Round((double)values[i], MidpointRounding.AwayFromZero), min, max);
            destination[i] = T.CreateTruncating(v);
        }
    }
}
