using CellOps.Imaging.Sheets;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Maps;

/// <summary>
/// A micrograph made viewable as 8-bit RGB: each channel stretched between its 0.5th and 99.5th
/// percentiles, so 12- and 16-bit phase-contrast images, which use a sliver of their range, do not
/// come out black. One channel is shown as grey; three or more as RGB from the first three.
/// </summary>
public static class DisplayImage
{
    private const int PercentileSamples = 1 << 18;

    /// <summary>Reads frame <paramref name="frame"/> of <paramref name="micrograph"/> and returns Width×Height×3 interleaved RGB bytes.</summary>
    /// <exception cref="MicrographReadException">The image cannot be read.</exception>
    public static byte[] Render(Micrograph micrograph, int frame = 0)
    {
        ArgumentNullException.ThrowIfNull(micrograph);
        using var pixels = micrograph.OpenPixels();
        int width = pixels.Width, height = pixels.Height, channels = pixels.ChannelCount, area = width * height;
        var planes = new float[checked(area * channels)];
        pixels.ReadRegion(Math.Min(frame, pixels.FrameCount - 1), new PixelRect(0, 0, width, height), planes.AsSpan());

        var rgb = new byte[checked(area * 3)];
        int[] shown = channels >= 3 ? [0, 1, 2] : [0, 0, 0];
        var stretched = new Dictionary<int, byte[]>();
        for (int c = 0; c < 3; c++)
        {
            if (!stretched.TryGetValue(shown[c], out var plane))
            {
                plane = Stretch(planes.AsSpan(shown[c] * area, area));
                stretched[shown[c]] = plane;
            }
            for (int i = 0; i < area; i++) rgb[i * 3 + c] = plane[i];
        }
        return rgb;
    }

    private static byte[] Stretch(ReadOnlySpan<float> plane)
    {
        int step = Math.Max(1, plane.Length / PercentileSamples);
        var sample = new List<float>(plane.Length / step + 1);
        for (int i = 0; i < plane.Length; i += step)
        {
            if (float.IsFinite(plane[i])) sample.Add(plane[i]);
        }
        var result = new byte[plane.Length];
        if (DisplayStretch.Range(sample) is not { } range) return result;
        var (lo, hi) = range;
        if (!(hi > lo)) (lo, hi) = (sample[0], sample[^1]);
        float scale = hi > lo ? 255f / (hi - lo) : 0f;
        for (int i = 0; i < plane.Length; i++)
        {
            float v = plane[i];
            result[i] = float.IsFinite(v) ? (byte)Math.Clamp((v - lo) * scale + 0.5f, 0f, 255f) : (byte)0;
        }
        return result;
    }
}
