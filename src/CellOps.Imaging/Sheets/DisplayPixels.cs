using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Sheets;

/// <summary>
/// A micrograph as 8-bit pixels for a PNG: the first three channels as RGB (one channel as grey), each
/// scaled to 0..255 by CellOps' one display rule (<see cref="DisplayScale"/>); optionally resized.
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
            DisplayScale.Apply(micrograph, planes.AsSpan(c * pixelCount, pixelCount), pixels, channels, c);
        }
        return (pixels, channels);
    }
}
