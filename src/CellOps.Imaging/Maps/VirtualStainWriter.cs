using System.Runtime.InteropServices;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Maps;

/// <summary>
/// Writes a probability map as a virtual stain: the probabilities (float32 TIFF), the binarized stain
/// or label map (8-bit TIFF) and a colour overlay on the micrograph (PNG), all carrying the
/// micrograph's physical pixel size. Everything is computed before the first file is written, and
/// each file is written atomically, so a failure (an unreadable micrograph, say) leaves no mix of
/// old and new files behind.
/// </summary>
public static class VirtualStainWriter
{
    /// <summary>Writes the three files of <paramref name="map"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="MicrographReadException">The micrograph under the overlay cannot be read.</exception>
    /// <exception cref="IOException">A file could not be written.</exception>
    public static VirtualStain Write(ProbabilityMap map, VirtualStainFiles files, VirtualStainOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(files);
        options ??= new VirtualStainOptions();
        options.Validate();

        var (stain, stained) = Binarize(map, options.Threshold);
        var overlay = Overlay(map, options);
        var pixelSize = map.Source.PixelSize;

        WriteProbabilities(map, files.Probability, pixelSize);
        TiffWriter.Write(files.Stain, map.Width, map.Height,
            new TiffWriteOptions { PixelType = PixelType.UInt8, Compression = TiffCompression.Deflate, PixelSize = pixelSize, Description = StainDescription(map) },
            stain);
        PngWriter.Write(files.Overlay, map.Width, map.Height, 3, overlay, pixelSize);
        return new VirtualStain(map.Micrograph, files, map.ClassNames, stained, pixelSize);
    }

    /// <summary>
    /// The 8-bit stain: for two classes 255 where P(class 1) ≥ <paramref name="threshold"/>, else 0;
    /// for more, the most probable class (255 where nothing was predicted). Also the stained share of
    /// the covered pixels.
    /// </summary>
    public static (byte[] Pixels, double StainedFraction) Binarize(ProbabilityMap map, double threshold)
    {
        ArgumentNullException.ThrowIfNull(map);
        long covered = 0, stained = 0;
        byte[] pixels;
        if (map.ClassCount == 2)
        {
            var positive = map.Plane(1);
            var coverage = map.Coverage;
            pixels = new byte[positive.Length];
            for (int i = 0; i < pixels.Length; i++)
            {
                if (coverage[i] <= 0) continue;
                covered++;
                if (positive[i] >= threshold) { pixels[i] = 255; stained++; }
            }
        }
        else
        {
            pixels = map.LabelMap();
            foreach (byte label in pixels)
            {
                if (label == byte.MaxValue) continue;
                covered++;
                if (label != 0) stained++;
            }
        }
        return (pixels, covered == 0 ? 0 : (double)stained / covered);
    }

    /// <summary>The micrograph as RGB with each pixel tinted by its class colour (see <see cref="StainPalette"/>).</summary>
    /// <exception cref="MicrographReadException">The micrograph cannot be read.</exception>
    public static byte[] Overlay(ProbabilityMap map, VirtualStainOptions options)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(options);
        var rgb = DisplayImage.Render(map.Source, options.Frame);
        var coverage = map.Coverage;
        int area = map.Width * map.Height;
        float opacity = (float)options.Opacity;
        byte[]? labels = map.ClassCount > 2 ? map.LabelMap() : null;
        var positive = map.ClassCount == 2 ? map.Plane(1) : default;
        for (int i = 0; i < area; i++)
        {
            if (coverage[i] <= 0) continue;
            int cls;
            float alpha;
            if (labels is null)
            {
                // Two classes: the tint follows the probability, as a fluorescence signal would.
                cls = 1;
                alpha = opacity * Math.Clamp(positive[i], 0f, 1f);
            }
            else
            {
                cls = labels[i];
                alpha = cls == 0 ? 0 : opacity;
            }
            if (alpha <= 0) continue;
            Tint.Apply(rgb, i, StainPalette.Of(cls), alpha);
        }
        return rgb;
    }

    private static void WriteProbabilities(ProbabilityMap map, string path, PixelSize? pixelSize)
    {
        using var writer = TiffWriter.Create(path, bigTiff: (long)map.Width * map.Height * 4 * map.ClassCount > int.MaxValue);
        // Two classes: the positive plane alone is the stain; its complement adds nothing.
        int first = map.ClassCount == 2 ? 1 : 0;
        for (int k = first; k < map.ClassCount; k++)
        {
            var options = new TiffWriteOptions
            {
                PixelType = PixelType.Float32,
                Compression = TiffCompression.Deflate,
                Predictor = TiffPredictor.FloatingPoint,
                PixelSize = pixelSize,
                Description = $"CellOps probability of class {k} ({map.ClassNames[k]}) for {map.Micrograph}",
            };
            writer.WritePage(map.Width, map.Height, options, MemoryMarshal.AsBytes(map.Plane(k)).ToArray());
        }
        writer.Commit();
    }

    private static string StainDescription(ProbabilityMap map) => map.ClassCount == 2
        ? $"CellOps virtual stain of {map.Micrograph}: 255 = {map.ClassNames[1]}"
        : $"CellOps label map of {map.Micrograph}: " + string.Join(", ", map.ClassNames.Select((n, i) => $"{i} = {n}")) + ", 255 = not predicted";
}
