using System.Globalization;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Sheets;

/// <summary>
/// The one rule by which CellOps turns a micrograph's samples into 8-bit display values, for every PNG,
/// overlay, figure and contact sheet: 8-bit and 1-bit samples as they are; integer samples with fewer
/// significant bits than their type (metadata <c>SignificantBits</c>: 4-bit or 12-bit data) over that
/// range; wider integers (16- and 32-bit, which phase-contrast cameras fill only a sliver of) and floats
/// outside 0..1 (a prediction in a marker's units) stretched per channel between their 0.5th and 99.5th
/// percentiles; floats within 0..1 as they are.
/// </summary>
public static class DisplayScale
{
    private const int PercentileSamples = 1 << 18;

    /// <summary>The offset and scale that map one channel's samples to 0..255: <c>(v − offset) × scale</c>.</summary>
    /// <param name="micrograph">The micrograph (its pixel type and metadata decide the rule).</param>
    /// <param name="plane">The channel's samples, as read.</param>
    public static (double Offset, double Scale) Of(Micrograph micrograph, ReadOnlySpan<float> plane)
    {
        ArgumentNullException.ThrowIfNull(micrograph);
        if (SignificantMax(micrograph) is { } max) return (0, 255 / max);
        return micrograph.PixelType switch
        {
            PixelType.Bit or PixelType.UInt8 => (0, 255 / micrograph.PixelType.MaxValue()),
            PixelType.Float32 => InUnitRange(plane) ? (0, 255) : Stretched(plane),
            _ => Stretched(plane),
        };
    }

    /// <summary>One channel as 8-bit display values, by <see cref="Of"/>; non-finite samples become 0.</summary>
    public static void Apply(Micrograph micrograph, ReadOnlySpan<float> plane, Span<byte> display, int step = 1, int offset = 0)
    {
        var (lo, scale) = Of(micrograph, plane);
        for (int i = 0; i < plane.Length; i++)
        {
            float v = plane[i];
            display[i * step + offset] = float.IsFinite(v) ? (byte)Math.Clamp(Math.Round((v - lo) * scale), 0, 255) : (byte)0;
        }
    }

    private static double? SignificantMax(Micrograph micrograph)
    {
        if (micrograph.PixelType is not (PixelType.UInt8 or PixelType.UInt16 or PixelType.UInt32)) return null;
        if (!micrograph.Metadata.TryGetValue("SignificantBits", out string? text)
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int bits) || bits is <= 0 or >= 32) return null;
        double max = (1L << bits) - 1;
        return max < micrograph.PixelType.MaxValue() ? max : null;
    }

    private static bool InUnitRange(ReadOnlySpan<float> plane)
    {
        foreach (float v in plane)
        {
            if (float.IsFinite(v) && (v < 0 || v > 1)) return false;
        }
        return true;
    }

    private static (double Offset, double Scale) Stretched(ReadOnlySpan<float> plane)
    {
        int step = Math.Max(1, plane.Length / PercentileSamples);
        var sample = new List<float>(plane.Length / step + 1);
        for (int i = 0; i < plane.Length; i += step)
        {
            if (float.IsFinite(plane[i])) sample.Add(plane[i]);
        }
        if (DisplayStretch.Range(sample) is not { } range) return (0, 0);
        var (lo, hi) = range;
        if (!(hi > lo)) (lo, hi) = (sample[0], sample[^1]);
        return hi > lo ? (lo, 255.0 / (hi - lo)) : (lo, 0);
    }
}
