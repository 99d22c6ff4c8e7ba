using System.Runtime.InteropServices;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Maps;

/// <summary>
/// Writes a probability map as a virtual stain: the probabilities (float32 TIFF), the binarized stain
/// or label map (8-bit TIFF) and a colour overlay on the micrograph (PNG), all carrying the
/// micrograph's physical pixel size. The TIFFs are written strip by strip from the map's rows, so a whole
/// slide costs a strip's memory; the overlay of an image larger than <see cref="Overview.MaxPixels"/> is a
/// reduced overview (<see cref="VirtualStain.OverlayScale"/>). The overlay is drawn first, as reading the
/// micrograph is what most often fails, and each file is written atomically.
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

        var overview = Overview.For(map.Width, map.Height);
        var overlay = Overlay(map, options, overview);
        var pixelSize = map.Source.PixelSize;

        WriteProbabilities(map, files.Probability, pixelSize);
        double stained = WriteStain(map, files.Stain, options.Threshold, pixelSize);
        PngWriter.Write(files.Overlay, overview.Width, overview.Height, 3, overlay, overview.Scale(pixelSize));
        return new VirtualStain(map.Micrograph, files, map.ClassNames, stained, pixelSize) { OverlayScale = overview.Factor };
    }

    /// <summary>
    /// The 8-bit stain: for two classes 255 where P(class 1) ≥ <paramref name="threshold"/>, else 0;
    /// for more, the most probable class (255 where nothing was predicted). Also the stained share of
    /// the covered pixels.
    /// </summary>
    public static (byte[] Pixels, double StainedFraction) Binarize(ProbabilityMap map, double threshold)
    {
        ArgumentNullException.ThrowIfNull(map);
        var pixels = new byte[checked(map.Width * map.Height)];
        var counts = new StainCounts();
        foreach (var (top, count) in map.Bands()) StainRows(map, top, count, threshold, pixels.AsSpan(top * map.Width, count * map.Width), counts);
        return (pixels, counts.Fraction);
    }

    /// <summary>
    /// The micrograph as RGB with each pixel tinted by its class colour (see <see cref="StainPalette"/>), at
    /// full size where the image has at most <see cref="Overview.MaxPixels"/> pixels and reduced to fit otherwise.
    /// </summary>
    /// <exception cref="MicrographReadException">The micrograph cannot be read.</exception>
    public static byte[] Overlay(ProbabilityMap map, VirtualStainOptions options) =>
        Overlay(map, options, Overview.For(map?.Width ?? 1, map?.Height ?? 1));

    private static byte[] Overlay(ProbabilityMap map, VirtualStainOptions options, Overview overview)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(options);
        var rgb = overview.Render(map.Source, options.Frame);
        var coverage = overview.Reduce(map, map.ClassCount);
        // Two classes: the positive plane. More: the most probable class, found one reduced plane at a time, so
        // only the running best is held beside the plane being read.
        float[] strength;
        byte[]? classes = null;
        if (map.ClassCount == 2)
        {
            strength = overview.Reduce(map, 1);
        }
        else
        {
            strength = overview.Reduce(map, 0);
            classes = new byte[strength.Length];
            for (int k = 1; k < map.ClassCount; k++)
            {
                var plane = overview.Reduce(map, k);
                for (int i = 0; i < plane.Length; i++)
                {
                    if (plane[i] > strength[i]) { strength[i] = plane[i]; classes[i] = (byte)Math.Min(k, byte.MaxValue); }
                }
            }
        }
        float opacity = (float)options.Opacity;
        for (int i = 0; i < coverage.Length; i++)
        {
            if (coverage[i] <= 0) continue;
            // Two classes: the tint follows the probability, as a fluorescence signal would.
            int cls = classes is null ? 1 : classes[i];
            float alpha = classes is null ? opacity * Math.Clamp(strength[i], 0f, 1f) : cls == 0 ? 0 : opacity;
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
            int plane = k;
            writer.WritePage(map.Width, map.Height, options, (region, destination) =>
            {
                var rows = new float[map.Width * region.Height];
                map.ReadRows(plane, region.Y, region.Height, rows);
                CopyColumns(rows, map.Width, region, MemoryMarshal.Cast<byte, float>(destination));
            });
        }
        writer.Commit();
    }

    private static double WriteStain(ProbabilityMap map, string path, double threshold, PixelSize? pixelSize)
    {
        // A one-sample page without tiles is produced strip by strip, each strip once, top to bottom: the
        // counts gathered on the way are the whole map's.
        var counts = new StainCounts();
        using var writer = TiffWriter.Create(path, bigTiff: (long)map.Width * map.Height > int.MaxValue);
        writer.WritePage(map.Width, map.Height,
            new TiffWriteOptions { PixelType = PixelType.UInt8, Compression = TiffCompression.Deflate, PixelSize = pixelSize, Description = StainDescription(map) },
            (region, destination) => StainRows(map, region.Y, region.Height, threshold, destination[..(map.Width * region.Height)], counts));
        writer.Commit();
        return counts.Fraction;
    }

    private static void StainRows(ProbabilityMap map, int top, int count, double threshold, Span<byte> pixels, StainCounts counts)
    {
        int n = map.Width * count;
        if (map.ClassCount == 2)
        {
            var positive = new float[n];
            var coverage = new float[n];
            map.ReadRows(1, top, count, positive);
            map.ReadCoverageRows(top, count, coverage);
            for (int i = 0; i < n; i++)
            {
                pixels[i] = 0;
                if (coverage[i] <= 0) continue;
                counts.Covered++;
                if (positive[i] >= threshold) { pixels[i] = 255; counts.Stained++; }
            }
            return;
        }
        map.LabelRows(top, count, pixels);
        for (int i = 0; i < n; i++)
        {
            if (pixels[i] == ProbabilityMap.UncoveredLabel) continue;
            counts.Covered++;
            if (pixels[i] != 0) counts.Stained++;
        }
    }

    private static void CopyColumns(ReadOnlySpan<float> rows, int width, PixelRect region, Span<float> destination)
    {
        for (int y = 0; y < region.Height; y++) rows.Slice(y * width + region.X, region.Width).CopyTo(destination.Slice(y * region.Width, region.Width));
    }

    private static string StainDescription(ProbabilityMap map) => map.ClassCount == 2
        ? $"CellOps virtual stain of {map.Micrograph}: 255 = {map.ClassNames[1]}"
        : $"CellOps label map of {map.Micrograph}: " + string.Join(", ", map.ClassNames.Select((n, i) => $"{i} = {n}")) + ", 255 = not predicted";

    private sealed class StainCounts
    {
        public long Covered;
        public long Stained;

        public double Fraction => Covered == 0 ? 0 : (double)Stained / Covered;
    }
}
