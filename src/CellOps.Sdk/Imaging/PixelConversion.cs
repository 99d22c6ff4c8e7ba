using System.Runtime.InteropServices;

namespace CellOps.Sdk.Imaging;

/// <summary>Converts raw sample buffers to floats without boxing or per-sample dispatch.</summary>
public static class PixelConversion
{
    /// <summary>Converts raw samples of <paramref name="type"/> to floats holding the same values.</summary>
    /// <param name="raw">Samples in the machine's byte order.</param>
    /// <param name="type">The type of the samples.</param>
    /// <param name="destination">Receives raw.Length / bytes-per-sample values.</param>
    public static void ToSingle(ReadOnlySpan<byte> raw, PixelType type, Span<float> destination)
    {
        switch (type)
        {
            case PixelType.Bit:
            case PixelType.UInt8:
                Convert(raw, destination);
                break;
            case PixelType.Int8:
                Convert(MemoryMarshal.Cast<byte, sbyte>(raw), destination);
                break;
            case PixelType.UInt16:
                Convert(MemoryMarshal.Cast<byte, ushort>(raw), destination);
                break;
            case PixelType.Int16:
                Convert(MemoryMarshal.Cast<byte, short>(raw), destination);
                break;
            case PixelType.UInt32:
                Convert(MemoryMarshal.Cast<byte, uint>(raw), destination);
                break;
            case PixelType.Int32:
                Convert(MemoryMarshal.Cast<byte, int>(raw), destination);
                break;
            case PixelType.Float32:
                MemoryMarshal.Cast<byte, float>(raw).CopyTo(destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown pixel type.");
        }
    }

    private static void Convert<T>(ReadOnlySpan<T> source, Span<float> destination)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} samples; {source.Length} are needed.", nameof(destination));
        }
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = float.CreateTruncating(source[i]);
        }
    }
}
