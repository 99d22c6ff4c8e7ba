using System.Runtime.InteropServices;
using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;

namespace CellOps.Tests.Imaging.Tiff;

/// <summary>Test files, scratch folders and pixel buffers for the TIFF tests.</summary>
internal static class TiffTestData
{
    /// <summary>The project's shared/data folder beside the checkout; the TIFF suite needs it.</summary>
    public static string SharedData => RepoPaths.SharedData
        ?? throw new DirectoryNotFoundException($"No shared/data folder beside {RepoPaths.Root}.");

    /// <summary>A file of libtiff's test images.</summary>
    public static string Libtiff(string name) => Path.Combine(SharedData, "tiff-libtiff", name);

    public static TempFolder Scratch() => new();

    /// <summary>Random samples covering the whole range of <paramref name="type"/> (bits are 0 or 1).</summary>
    public static byte[] RandomPixels(PixelType type, int samples, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[samples * type.BytesPerSample()];
        random.NextBytes(bytes);
        if (type == PixelType.Bit)
        {
            for (int i = 0; i < bytes.Length; i++) bytes[i] &= 1;
        }
        // Include the extremes explicitly so that the full range is always exercised.
        if (type != PixelType.Bit && bytes.Length >= 2 * type.BytesPerSample())
        {
            bytes.AsSpan(0, type.BytesPerSample()).Fill(0);
            bytes.AsSpan(type.BytesPerSample(), type.BytesPerSample()).Fill(0xFF);
        }
        return bytes;
    }

    /// <summary>Smooth 8-bit content that survives JPEG nearly intact.</summary>
    public static byte[] SmoothBytes(int width, int height, int channels)
    {
        var bytes = new byte[width * height * channels];
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    double v = 128 + 90 * Math.Sin((x + 7 * c) / 11.0) * Math.Cos((y - 5 * c) / 13.0);
                    bytes[(c * height + y) * width + x] = (byte)Math.Clamp(Math.Round(v), 0, 255);
                }
            }
        }
        return bytes;
    }

    /// <summary>Reads a whole frame.</summary>
    public static byte[] ReadAll(IPixelSource source, int frame = 0)
    {
        var region = new PixelRect(0, 0, source.Width, source.Height);
        var bytes = new byte[source.RegionByteCount(region)];
        source.ReadRegion(frame, region, bytes);
        return bytes;
    }

    /// <summary>Reads one region.</summary>
    public static byte[] Read(IPixelSource source, PixelRect region, int frame = 0)
    {
        var bytes = new byte[source.RegionByteCount(region)];
        source.ReadRegion(frame, region, bytes);
        return bytes;
    }

    /// <summary>Cuts <paramref name="region"/> out of a channel-planar buffer.</summary>
    public static byte[] Crop(byte[] planar, int width, int height, int channels, int bytesPerSample, PixelRect region)
    {
        var result = new byte[region.Area * channels * bytesPerSample];
        int rowBytes = region.Width * bytesPerSample;
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < region.Height; y++)
            {
                int from = ((c * height + region.Y + y) * width + region.X) * bytesPerSample;
                int to = (c * region.Height + y) * rowBytes;
                Array.Copy(planar, from, result, to, rowBytes);
            }
        }
        return result;
    }

    public static ushort[] AsUInt16(byte[] bytes) => MemoryMarshal.Cast<byte, ushort>(bytes).ToArray();
}
