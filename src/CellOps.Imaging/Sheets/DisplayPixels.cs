using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Sheets;

/// <summary>
/// A micrograph as 8-bit pixels for a PNG: the first three channels as RGB (one channel as grey),
/// integer samples scaled by their type's range, float samples taken as 0..1, optionally resized.
/// </summary>
public static class DisplayPixels
{
    /// <summary>Reads <paramref name="micrograph"/> whole, resized to <paramref name="width"/>×<paramref name="height"/> where given.</summary>
    /// <returns>Interleaved samples row by row, and 1 (grey) or 3 (RGB) channels.</returns>
    /// <exception cref="MicrographReadException">The pixels cannot be read.</exception>
    public static (byte[] Pixels, int Channels) Read(Micrograph micrograph, int frame = 0, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(micrograph);
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
        double scale = micrograph.PixelType == PixelType.Float32 ? 255 : 255 / micrograph.PixelType.MaxValue();
        int area = w * h;
        var pixels = new byte[area * channels];
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < area; i++)
            {
                pixels[i * channels + c] = (byte)Math.Clamp(Math.Round(planes[c * area + i] * scale), 0, 255);
            }
        }
        return (pixels, channels);
    }
}
