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
    /// Opens the true classes of <paramref name="micrograph"/>'s label image (its first channel, at the frame
    /// paired with <paramref name="frame"/>) to be read a band of rows at a time: the file is read only as rows
    /// are asked for, and each value is checked as it is read. Null where the micrograph has no pair.
    /// </summary>
    /// <remarks>
    /// The size is checked here; a value that is no class, or a damaged strip, surfaces only when its rows are
    /// read (<see cref="TruthRows.ReadRows"/> throws then). Dispose the rows to close the file.
    /// </remarks>
    /// <exception cref="ArgumentException">The pair is not the micrograph's size.</exception>
    /// <exception cref="MicrographReadException">The pair cannot be opened.</exception>
    public TruthRows? Open(Micrograph micrograph, int frame = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(micrograph);
        if (micrograph.Pair is not { } pair) return null;
        if (pair.Width != micrograph.Width || pair.Height != micrograph.Height)
            throw new ArgumentException($"The label image '{pair.Path ?? pair.Name}' is {pair.Width}×{pair.Height}; '{micrograph.Name}' is {micrograph.Width}×{micrograph.Height}.");
        return new LabelImageTruthRows(pair, Coding, frame, cancellationToken);
    }

    /// <summary>
    /// The class per pixel of <paramref name="micrograph"/>'s label image (its first channel, at the
    /// frame paired with <paramref name="frame"/>), <see cref="Ignored"/> for the ignore value; null
    /// where the micrograph has no pair. This holds the whole image, a byte per pixel: for whole slides,
    /// read by rows (<see cref="Open"/>) instead.
    /// </summary>
    /// <exception cref="ArgumentException">The pair is not the micrograph's size, or holds a value that is not a class.</exception>
    /// <exception cref="MicrographReadException">The pair cannot be read.</exception>
    public byte[]? Read(Micrograph micrograph, int frame = 0, CancellationToken cancellationToken = default)
    {
        using var rows = Open(micrograph, frame, cancellationToken);
        if (rows is null) return null;
        var classes = new byte[(long)rows.Width * rows.Height];
        rows.ReadRows(0, rows.Height, classes);
        return classes;
    }
}
