using System.Globalization;
using CellOps.Imaging.Tiling;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Imaging.Measurement;

/// <summary>
/// The true class of every pixel of a micrograph, read from its label image (its pair) as a model's
/// training data coded it: what dense predictions are scored against.
/// </summary>
public sealed class SegmentationTruth
{
    /// <summary>The value <see cref="Read"/> gives pixels of the ignore value (a class no model predicts).</summary>
    public const byte Ignored = 254;

    /// <summary>Creates a reader for label images coded by <paramref name="coding"/>.</summary>
    /// <exception cref="ArgumentException">More classes than a byte label map holds.</exception>
    public SegmentationTruth(LabelCoding coding)
    {
        Coding = coding ?? throw new ArgumentNullException(nameof(coding));
        if (coding.ClassCount >= Ignored) throw new ArgumentException($"Label maps hold at most {Ignored - 1} classes; the coding has {coding.ClassCount}.", nameof(coding));
    }

    /// <summary>How label values stand for classes.</summary>
    public LabelCoding Coding { get; }

    /// <summary>
    /// The class per pixel of <paramref name="micrograph"/>'s label image (its first channel, at the
    /// frame paired with <paramref name="frame"/>), <see cref="Ignored"/> for the ignore value; null
    /// where the micrograph has no pair.
    /// </summary>
    /// <exception cref="ArgumentException">The pair is not the micrograph's size, or holds a value that is not a class.</exception>
    /// <exception cref="MicrographReadException">The pair cannot be read.</exception>
    public byte[]? Read(Micrograph micrograph, int frame = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(micrograph);
        if (micrograph.Pair is not { } pair) return null;
        if (pair.Width != micrograph.Width || pair.Height != micrograph.Height)
            throw new ArgumentException($"The label image '{pair.Path ?? pair.Name}' is {pair.Width}×{pair.Height}; '{micrograph.Name}' is {micrograph.Width}×{micrograph.Height}.");
        using var source = pair.OpenPixels();
        int width = pair.Width;
        var classes = new byte[(long)width * pair.Height];
        PixelScan.ForEachBand(source, EdgeMap.PairFrame(frame, source.FrameCount), cancellationToken, (band, top) =>
        {
            long offset = (long)top * width;
            for (int i = 0; i < band.Length; i++)
            {
                float value = band[i];
                int label = Coding.ClassOf(value);
                if (label == LabelCoding.Invalid)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"The label image '{pair.Path ?? pair.Name}' holds the value {value} at ({i % width}, {top + i / width}); the class labels are {Coding.DescribeValues()}."));
                }
                classes[offset + i] = label == LabelCoding.Ignored ? Ignored : (byte)label;
            }
        });
        return classes;
    }
}
