using CellOps.Imaging.Sheets;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Maps;

/// <summary>
/// A micrograph made viewable as 8-bit RGB for overlays and figures, by the same rule as every other
/// CellOps picture (<see cref="DisplayScale"/>): one channel is shown as grey, three or more as RGB from
/// the first three.
/// </summary>
public static class DisplayImage
{
    /// <summary>Reads frame <paramref name="frame"/> of <paramref name="micrograph"/> and returns Width×Height×3 interleaved RGB bytes.</summary>
    /// <exception cref="MicrographReadException">The image cannot be read, or is larger than <see cref="DisplayPixels.MaxPixels"/>.</exception>
    public static byte[] Render(Micrograph micrograph, int frame = 0)
    {
        ArgumentNullException.ThrowIfNull(micrograph);
        var (pixels, channels) = DisplayPixels.Read(micrograph, Math.Min(frame, micrograph.FrameCount - 1));
        if (channels == 3) return pixels;
        var rgb = new byte[checked(pixels.Length * 3)];
        for (int i = 0; i < pixels.Length; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = pixels[i];
        return rgb;
    }
}
