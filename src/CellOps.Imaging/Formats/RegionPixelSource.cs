using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Formats;

/// <summary>
/// A rectangle of another pixel source seen as an image of its own: a field of a well. Coordinates
/// are the field's, and a read is refused rather than clipped where it reaches past the field, so
/// a held-out neighbour's pixels can never leak into a field's tiles.
/// </summary>
internal sealed class RegionPixelSource : IPixelSource
{
    private readonly IPixelSource _parent;
    private readonly PixelRect _region;
    private readonly bool _ownsParent;

    /// <param name="parent">The source the region lies in.</param>
    /// <param name="region">The region, inside <paramref name="parent"/>.</param>
    /// <param name="ownsParent">Dispose <paramref name="parent"/> with this; false where the parent is shared.</param>
    /// <exception cref="ArgumentOutOfRangeException">The region is empty or does not lie inside the parent.</exception>
    public RegionPixelSource(IPixelSource parent, PixelRect region, bool ownsParent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (region.Width <= 0 || region.Height <= 0 || !region.IsInside(parent.Width, parent.Height))
        {
            throw new ArgumentOutOfRangeException(nameof(region), region,
                $"The region must be non-empty and lie inside the {parent.Width}×{parent.Height} source.");
        }
        _parent = parent;
        _region = region;
        _ownsParent = ownsParent;
    }

    public int Width => _region.Width;

    public int Height => _region.Height;

    public int ChannelCount => _parent.ChannelCount;

    public int FrameCount => _parent.FrameCount;

    public PixelType PixelType => _parent.PixelType;

    public void ReadRegion(int frame, PixelRect region, Span<byte> destination)
    {
        if (!region.IsInside(Width, Height))
        {
            throw new ArgumentOutOfRangeException(nameof(region), region, $"The region must lie inside the {Width}×{Height} field.");
        }
        _parent.ReadRegion(frame, region with { X = region.X + _region.X, Y = region.Y + _region.Y }, destination);
    }

    public void Dispose()
    {
        if (_ownsParent) _parent.Dispose();
    }
}
