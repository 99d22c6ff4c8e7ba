using System.Runtime.InteropServices;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// Deterministic 16-bit micrograph-like content for the benchmarks' TIFF files: smooth bright and dark
/// regions on a gradient with a little sensor-like noise, so that LZW and Deflate have about as much
/// to do as on a real phase-contrast image (a flat or random image would flatter or punish them).
/// </summary>
internal static class SyntheticImage
{
    /// <summary>Fills <paramref name="destination"/> with the UInt16 pixels of <paramref name="region"/>.</summary>
    public static void Fill(PixelRect region, Span<byte> destination)
    {
        var values = MemoryMarshal.Cast<byte, ushort>(destination);
        // The waves are separable: one sine per column and one per row instead of two per pixel.
        Span<double> across = region.Width <= 4096 ? stackalloc double[region.Width] : new double[region.Width];
        for (int x = 0; x < region.Width; x++) across[x] = Math.Sin((region.X + x) / 53.0);
        for (int y = 0; y < region.Height; y++)
        {
            int gy = region.Y + y;
            double down = 9000 * Math.Sin(gy / 37.0);
            var row = values.Slice(y * region.Width, region.Width);
            for (int x = 0; x < region.Width; x++)
            {
                int gx = region.X + x;
                uint hash = (uint)(gx * 73856093) ^ (uint)(gy * 19349663);
                hash *= 0x9E3779B1u;
                double v = 12000 + down * across[x] + (gx + gy) / 8.0 % 1000 + (hash >> 26);
                row[x] = (ushort)Math.Clamp(v, 0, 65535);
            }
        }
    }

    /// <summary>Writes a one-page <paramref name="size"/>² UInt16 TIFF of this content.</summary>
    public static void Write(string path, int size, TiffWriteOptions options)
    {
        bool big = (long)size * size * 2 > 3L << 30;
        using var writer = TiffWriter.Create(path, bigTiff: big);
        writer.WritePage(size, size, options, Fill);
        writer.Commit();
    }
}
