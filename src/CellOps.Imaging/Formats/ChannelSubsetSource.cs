using System.Buffers;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Formats;

/// <summary>
/// Some of a pixel source's channels, in a chosen order: the phase-contrast channel of a
/// multi-channel acquisition, or the green channel of an RGB bright-field image. Reads go through
/// the whole source and keep the chosen planes, since channel-planar regions are cheap to slice.
/// </summary>
internal sealed class ChannelSubsetSource : IPixelSource
{
    private readonly IPixelSource _source;
    private readonly int[] _channels;

    /// <param name="source">The source; disposed with this.</param>
    /// <param name="channels">Zero-based indices of the source's channels to keep, in the order to present them.</param>
    public ChannelSubsetSource(IPixelSource source, IReadOnlyList<int> channels)
    {
        _source = source;
        _channels = channels.ToArray();
    }

    public int Width => _source.Width;

    public int Height => _source.Height;

    public int ChannelCount => _channels.Length;

    public int FrameCount => _source.FrameCount;

    public PixelType PixelType => _source.PixelType;

    public void ReadRegion(int frame, PixelRect region, Span<byte> destination)
    {
        int plane = checked((int)(region.Area * PixelType.BytesPerSample()));
        int all = plane * _source.ChannelCount;
        byte[] rented = ArrayPool<byte>.Shared.Rent(all);
        try
        {
            _source.ReadRegion(frame, region, rented.AsSpan(0, all));
            for (int i = 0; i < _channels.Length; i++)
            {
                rented.AsSpan(_channels[i] * plane, plane).CopyTo(destination.Slice(i * plane, plane));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public void Dispose() => _source.Dispose();
}
