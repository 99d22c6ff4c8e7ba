namespace CellOps.Sdk.Imaging;

/// <summary>
/// Reads the pixels of an image one region at a time, so that a large image is never decoded whole
/// just to cut tiles from it. Implementations are not required to be thread-safe.
/// </summary>
public interface IPixelSource : IDisposable
{
    /// <summary>Width in pixels.</summary>
    int Width { get; }

    /// <summary>Height in pixels.</summary>
    int Height { get; }

    /// <summary>Number of channels (samples per pixel, or pages read as channels).</summary>
    int ChannelCount { get; }

    /// <summary>Number of frames (pages, time points or z-planes).</summary>
    int FrameCount { get; }

    /// <summary>The type of each sample.</summary>
    PixelType PixelType { get; }

    /// <summary>
    /// Copies the raw samples of <paramref name="region"/> of <paramref name="frame"/> into
    /// <paramref name="destination"/>, channel-planar (all of channel 0 row by row, then channel 1, ...),
    /// in the source's <see cref="PixelType"/> and the machine's byte order (a bit sample takes one byte
    /// holding 0 or 1). The region must lie inside the image.
    /// </summary>
    /// <param name="frame">Zero-based frame index.</param>
    /// <param name="region">The rectangle to read; must lie inside the image.</param>
    /// <param name="destination">At least ChannelCount × region area × bytes per sample long.</param>
    /// <exception cref="MicrographReadException">The file is corrupt or truncated in that region.</exception>
    void ReadRegion(int frame, PixelRect region, Span<byte> destination);
}
