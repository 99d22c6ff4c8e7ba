using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Measurement;

/// <summary>
/// The share of an image above a threshold: for a fluorescence (or mask) image paired with a
/// phase-contrast micrograph, the measured differentiation efficiency. The rule is the one that
/// labels tiles (Otsu's threshold over the whole first channel unless one is given, strictly
/// above it is positive), so measured and tile-labelled efficiencies agree on what "positive" is.
/// </summary>
public static class BinarizedArea
{
    /// <summary>Measures one image, reading it band by band.</summary>
    /// <param name="image">The image, typically <see cref="Micrograph.Pair"/>.</param>
    /// <param name="frame">Frame to read (frame 0 where the image has fewer).</param>
    /// <param name="threshold">Values strictly above it count as positive; null: Otsu's threshold of the image.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <exception cref="MicrographReadException">The image cannot be read.</exception>
    public static BinarizedAreaResult Measure(Micrograph image, int frame = 0, double? threshold = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var pixels = image.OpenPixels();
        int f = EdgeMap.PairFrame(frame, pixels.FrameCount);
        double t = threshold ?? PixelScan.Otsu(pixels, f, cancellationToken);
        long positive = 0;
        PixelScan.ForEachBand(pixels, f, cancellationToken, (band, _) =>
        {
            foreach (float v in band)
            {
                if (v > t) positive++;
            }
        });
        long area = (long)pixels.Width * pixels.Height;
        return new BinarizedAreaResult(image.Name, area == 0 ? 0 : (double)positive / area, t, positive, area);
    }

    /// <summary>The binarized image itself: 1 where a pixel is above the threshold, else 0, row by row.</summary>
    /// <param name="image">The image, typically <see cref="Micrograph.Pair"/>.</param>
    /// <param name="frame">Frame to read (frame 0 where the image has fewer).</param>
    /// <param name="threshold">Values strictly above it are 1; null: Otsu's threshold of the image.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <exception cref="MicrographReadException">The image cannot be read.</exception>
    public static byte[] Binarize(Micrograph image, int frame = 0, double? threshold = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var pixels = image.OpenPixels();
        int f = EdgeMap.PairFrame(frame, pixels.FrameCount);
        double t = threshold ?? PixelScan.Otsu(pixels, f, cancellationToken);
        var mask = new byte[checked(pixels.Width * pixels.Height)];
        PixelScan.ForEachBand(pixels, f, cancellationToken, (band, top) =>
        {
            int offset = top * pixels.Width;
            for (int i = 0; i < band.Length; i++) mask[offset + i] = band[i] > t ? (byte)1 : (byte)0;
        });
        return mask;
    }
}
