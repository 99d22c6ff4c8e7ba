using System.Buffers;
using System.Runtime.InteropServices;

namespace CellOps.Sdk.Imaging;

/// <summary>Conveniences over <see cref="IPixelSource"/>.</summary>
public static class PixelSourceExtensions
{
    /// <summary>Bytes needed to hold <paramref name="region"/> of every channel of <paramref name="source"/>.</summary>
    public static int RegionByteCount(this IPixelSource source, PixelRect region) =>
        checked((int)(region.Area * source.ChannelCount * source.PixelType.BytesPerSample()));

    /// <summary>
    /// Reads <paramref name="region"/> of <paramref name="frame"/> as 32-bit floats holding the raw
    /// sample values (no scaling), channel-planar like <see cref="IPixelSource.ReadRegion"/>.
    /// </summary>
    public static void ReadRegion(this IPixelSource source, int frame, PixelRect region, Span<float> destination)
    {
        int samples = checked((int)(region.Area * source.ChannelCount));
        if (destination.Length < samples)
        {
            throw new ArgumentException($"The destination holds {destination.Length} samples; {samples} are needed.", nameof(destination));
        }
        if (source.PixelType == PixelType.Float32)
        {
            source.ReadRegion(frame, region, MemoryMarshal.AsBytes(destination[..samples]));
            return;
        }
        int bytes = source.RegionByteCount(region);
        byte[] rented = ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            source.ReadRegion(frame, region, rented.AsSpan(0, bytes));
            PixelConversion.ToSingle(rented.AsSpan(0, bytes), source.PixelType, destination[..samples]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
