namespace CellOps.Imaging.Measurement;

/// <summary>
/// The true classes of one micrograph, read a band of rows at a time (see <see cref="SegmentationTruth.Open"/>),
/// so that scoring a whole slide never holds its labels whole: one byte per pixel, the class index, or
/// <see cref="SegmentationTruth.Ignored"/> for the ignore value.
/// </summary>
public abstract class TruthRows : IDisposable
{
    /// <summary>Starts the rows of a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size below one.</exception>
    protected TruthRows(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>
    /// Fills <paramref name="destination"/> with the classes of rows <paramref name="top"/> to
    /// <paramref name="top"/> + <paramref name="count"/>, row by row (<see cref="Width"/> × <paramref name="count"/> values).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Rows outside the image.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short, or (read from a label image) a value that is no class.</exception>
    /// <exception cref="CellOps.Sdk.Imaging.MicrographReadException">(Read from a label image) the rows cannot be read.</exception>
    /// <exception cref="OperationCanceledException">Reading was cancelled.</exception>
    public void ReadRows(int top, int count, Span<byte> destination)
    {
        if (top < 0 || count < 0 || top > Height - count)
            throw new ArgumentOutOfRangeException(nameof(top), $"Rows {top}..{(long)top + count} lie outside the {Height}-row image.");
        long n = (long)Width * count;
        if (destination.Length < n) throw new ArgumentException($"{n} values are needed; the destination holds {destination.Length}.", nameof(destination));
        if (count > 0) Fill(top, count, destination[..(int)n]);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> (exactly <see cref="Width"/> × <paramref name="count"/> long) with the
    /// classes of rows <paramref name="top"/> to <paramref name="top"/> + <paramref name="count"/>, which lie inside the image.
    /// </summary>
    protected abstract void Fill(int top, int count, Span<byte> destination);

    /// <summary>The classes of a whole image already in memory (<paramref name="width"/> × <paramref name="height"/>, row by row).</summary>
    /// <exception cref="ArgumentException"><paramref name="classes"/> is not <paramref name="width"/> × <paramref name="height"/> long.</exception>
    public static TruthRows FromClasses(byte[] classes, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.LongLength != (long)width * height)
            throw new ArgumentException($"{classes.LongLength} classes for a {width}×{height} image.", nameof(classes));
        return new InMemoryTruthRows(classes, width, height);
    }

    /// <summary>Releases what the rows are read from (a label image's file).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the rows are read from; <paramref name="disposing"/> is false from a finalizer.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
