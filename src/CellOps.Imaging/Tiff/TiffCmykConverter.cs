using System.Runtime.InteropServices;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// Turns channel-planar CMYK samples into RGB at their own depth: R = (max−C)(max−K)/max, and likewise
/// G from M and B from Y (max is 255 or 65535 for integer ink, 1 for float ink), rounded to the nearest integer. Samples after K (alpha and
/// other extra samples) follow the three colours unchanged.
/// </summary>
internal static class TiffCmykConverter
{
    /// <param name="inks">Planes C, M, Y, K and any extra samples, <paramref name="pixels"/> each.</param>
    /// <param name="type">UInt8, UInt16 or Float32.</param>
    /// <param name="pixels">Samples per plane.</param>
    /// <param name="samplesPerPixel">Planes in <paramref name="inks"/> (at least 4).</param>
    /// <param name="rgb">Receives R, G, B and the extra planes.</param>
    public static void ToRgb(ReadOnlySpan<byte> inks, PixelType type, int pixels, int samplesPerPixel, Span<byte> rgb)
    {
        if (type == PixelType.UInt8) Convert(inks, pixels, samplesPerPixel, rgb);
        else if (type == PixelType.UInt16) Convert(MemoryMarshal.Cast<byte, ushort>(inks), pixels, samplesPerPixel, MemoryMarshal.Cast<byte, ushort>(rgb));
        else if (type == PixelType.Float32) Convert(MemoryMarshal.Cast<byte, float>(inks), pixels, samplesPerPixel, MemoryMarshal.Cast<byte, float>(rgb));
        else throw new ArgumentException($"CMYK in {type} samples is not converted here.", nameof(type));
    }

    private static void Convert(ReadOnlySpan<ushort> inks, int pixels, int spp, Span<ushort> rgb)
    {
        var black = inks.Slice(3 * pixels, pixels);
        for (int c = 0; c < 3; c++)
        {
            var ink = inks.Slice(c * pixels, pixels);
            var target = rgb.Slice(c * pixels, pixels);
            for (int i = 0; i < pixels; i++)
            {
                uint product = (uint)(ushort.MaxValue - ink[i]) * (uint)(ushort.MaxValue - black[i]);
                target[i] = (ushort)((product + ushort.MaxValue / 2) / ushort.MaxValue);
            }
        }
        inks[(4 * pixels)..(spp * pixels)].CopyTo(rgb[(3 * pixels)..]);
    }

    private static void Convert(ReadOnlySpan<byte> inks, int pixels, int spp, Span<byte> rgb)
    {
        var black = inks.Slice(3 * pixels, pixels);
        for (int c = 0; c < 3; c++)
        {
            var ink = inks.Slice(c * pixels, pixels);
            var target = rgb.Slice(c * pixels, pixels);
            for (int i = 0; i < pixels; i++) target[i] = (byte)(((255 - ink[i]) * (255 - black[i]) + 127) / 255);
        }
        inks[(4 * pixels)..(spp * pixels)].CopyTo(rgb[(3 * pixels)..]);
    }

    private static void Convert(ReadOnlySpan<float> inks, int pixels, int spp, Span<float> rgb)
    {
        var black = inks.Slice(3 * pixels, pixels);
        for (int c = 0; c < 3; c++)
        {
            var ink = inks.Slice(c * pixels, pixels);
            var target = rgb.Slice(c * pixels, pixels);
            for (int i = 0; i < pixels; i++) target[i] = (float)((1.0 - ink[i]) * (1.0 - black[i]));
        }
        inks[(4 * pixels)..(spp * pixels)].CopyTo(rgb[(3 * pixels)..]);
    }
}
