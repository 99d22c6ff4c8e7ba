using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Tiling;

/// <summary>
/// A micrograph cannot be tiled as asked: it lacks the pair its target needs, its pair holds label
/// values outside the classes, or the frame does not exist. The message names the micrograph and is
/// fit to show as it is. Only that micrograph is affected; a caller may go on with the next.
/// </summary>
public sealed class TilingException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="micrograph">The micrograph that could not be tiled.</param>
    /// <param name="message">What is wrong; should name the micrograph.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public TilingException(Micrograph micrograph, string message, Exception? inner = null)
        : base(message, inner)
    {
        Micrograph = micrograph ?? throw new ArgumentNullException(nameof(micrograph));
    }

    /// <summary>The micrograph that could not be tiled.</summary>
    public Micrograph Micrograph { get; }
}
