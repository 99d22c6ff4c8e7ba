using System.Globalization;
using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Sheets;

/// <summary>
/// A micrograph as 8-bit pixels for a PNG: the first three channels as RGB (one channel as grey),
/// integer samples scaled by their type's range, or by the range of their significant bits where the
/// reader recorded fewer than the type holds (metadata <c>SignificantBits</c>: a 4-bit or 12-bit image
/// kept at its values in UInt8 or UInt16 fills the display range rather than showing nearly black), float samples taken as 0..1 where they lie in it and
/// otherwise (a prediction in a marker's intensity units, say) stretched per channel between their
/// 0.5th and 99.5th percentiles; optionally resized.
/// </summary>
public static class DisplayPixels
{
    /// <summary>
    /// Largest image, in pixels, read whole for display (8192 × 8192): it is held as 32-bit floats per channel
    /// and then as bytes, so even this costs about 1 GB for RGB. Larger micrographs are refused rather than read.
    /// </summary>
    public const long MaxPixels = 1L << 26;

    /// <summary>Reads <paramref name="micrograph"/> whole, resized to <paramref name="width"/>×<paramref name="height"/> where given.</summary>
    /// <returns>Interleaved samples row by row, and 1 (grey) or 3 (RGB) channels.</returns>
    /// <exception cref="MicrographReadException">The pixels cannot be read.</exception>
    public static (byte[] Pixels, int Channels) Read(Micrograph micrograph, int frame = 0, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(micrograph);
        long area = (long)micrograph.Width * micrograph.Height;
        if (area > MaxPixels || (long)(width ?? 0) * (height ?? 0) > MaxPixels)
        {
            throw new MicrographReadException(micrograph.Path ?? micrograph.Name, MicrographReadFailure.TooLarge,
                $"'{micrograph.Name}' is {micrograph.Width}×{micrograph.Height} pixels ({area / 1e6:0.#} megapixels); CellOps reads at most " +
                $"{MaxPixels / 1e6:0.#} megapixels whole (8192×8192). Cut it into pieces with Split-Micrograph first.");
        }
        int w = width ?? micrograph.Width, h = height ?? micrograph.Height;
        int sourceChannels = micrograph.ChannelCount;
        var whole = new PixelRect(0, 0, micrograph.Width, micrograph.Height);
        var planes = new float[checked(whole.Area * sourceChannels)];
        using (var source = micrograph.OpenPixels())
        {
            source.ReadRegion(frame, whole, planes.AsSpan());
        }
        if (w != micrograph.Width || h != micrograph.Height)
        {
            var resized = new float[w * h * sourceChannels];
            BilinearResize.Resize(planes, micrograph.Width, micrograph.Height, sourceChannels, w, h, resized);
            planes = resized;
        }
        // Two channels have no natural colour: the first is shown as grey.
        int channels = sourceChannels >= 3 ? 3 : 1;
        int pixelCount = w * h;
        var pixels = new byte[pixelCount * channels];
        for (int c = 0; c < channels; c++)
        {
            var plane = planes.AsSpan(c * pixelCount, pixelCount);
            var (offset, scale) = micrograph.PixelType == PixelType.Float32 ? FloatScale(plane) : (0.0, 255 / IntegerMax(micrograph));
            for (int i = 0; i < pixelCount; i++)
            {
                pixels[i * channels + c] = (byte)Math.Clamp(Math.Round((plane[i] - offset) * scale), 0, 255);
            }
        }
        return (pixels, channels);
    }

    private static double IntegerMax(Micrograph micrograph)
    {
        double typeMax = micrograph.PixelType.MaxValue();
        if (micrograph.PixelType is PixelType.UInt8 or PixelType.UInt16 or PixelType.UInt32
            && micrograph.Metadata.TryGetValue("SignificantBits", out string? text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int bits) && bits is > 0 and < 32)
        {
            double significantMax = (1L << bits) - 1;
            if (significantMax < typeMax) return significantMax;
        }
        return typeMax;
    }

    // Floats within 0..1 are shown as they are; others are stretched between their percentiles.
    private static (double Offset, double Scale) FloatScale(ReadOnlySpan<float> plane)
    {
        var finite = new List<float>(plane.Length);
        foreach (float v in plane)
        {
            if (float.IsFinite(v)) finite.Add(v);
        }
        if (finite.Count == 0 || finite.TrueForAll(v => v >= 0 && v <= 1)) return (0, 255);
        var (lo, hi) = DisplayStretch.Range(finite)!.Value;
        return hi > lo ? (lo, 255.0 / (hi - lo)) : (lo, 0);
    }
}
