using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Formats;

/// <summary>
/// Several pixel sources of one size, pixel type and frame count presented as one whose channels are
/// theirs, in order: a z-stack stored one file per plane, or two fluorescence images as the two
/// channels of one target. Each region is read from each source straight into its channels' part of
/// the destination, since channel-planar layout puts each source's planes in one block.
/// </summary>
internal sealed class StackedPixelSource : IPixelSource
{
    private readonly IPixelSource[] _sources;

    /// <param name="sources">The sources, in channel order; disposed with this.</param>
    /// <exception cref="ArgumentException">No sources, or sources that differ in size, pixel type or frame count.</exception>
    public StackedPixelSource(IReadOnlyList<IPixelSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0) throw new ArgumentException("A stack needs at least one source.", nameof(sources));
        var first = sources[0];
        for (int i = 1; i < sources.Count; i++)
        {
            var s = sources[i];
            if (s.Width != first.Width || s.Height != first.Height || s.PixelType != first.PixelType || s.FrameCount != first.FrameCount)
            {
                throw new ArgumentException(
                    $"Source {i} is {s.Width}×{s.Height} {s.PixelType} with {s.FrameCount} frame(s); source 0 is " +
                    $"{first.Width}×{first.Height} {first.PixelType} with {first.FrameCount} frame(s).", nameof(sources));
            }
        }
        _sources = sources.ToArray();
        ChannelCount = _sources.Sum(s => s.ChannelCount);
    }

    /// <summary>Opens every source in turn; when one fails, those already open are closed before the failure goes on.</summary>
    public static StackedPixelSource Open(IReadOnlyList<Func<IPixelSource>> openers)
    {
        ArgumentNullException.ThrowIfNull(openers);
        var opened = new List<IPixelSource>(openers.Count);
        try
        {
            foreach (var open in openers) opened.Add(open());
            return new StackedPixelSource(opened);
        }
        catch
        {
            foreach (var source in opened) source.Dispose();
            throw;
        }
    }

    public int Width => _sources[0].Width;

    public int Height => _sources[0].Height;

    public int ChannelCount { get; }

    public int FrameCount => _sources[0].FrameCount;

    public PixelType PixelType => _sources[0].PixelType;

    public void ReadRegion(int frame, PixelRect region, Span<byte> destination)
    {
        long plane = region.Area * PixelType.BytesPerSample();
        long needed = plane * ChannelCount;
        if (destination.Length < needed)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; {needed} are needed.", nameof(destination));
        }
        long offset = 0;
        foreach (var source in _sources)
        {
            long length = plane * source.ChannelCount;
            source.ReadRegion(frame, region, destination.Slice(checked((int)offset), checked((int)length)));
            offset += length;
        }
    }

    public void Dispose()
    {
        foreach (var source in _sources) source.Dispose();
    }
}
