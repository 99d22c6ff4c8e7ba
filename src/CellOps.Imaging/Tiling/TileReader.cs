using CellOps.Imaging.Fields;
using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Imaging.Tiling;

/// <summary>
/// Reads tiles' pixels and target images as raw float values, channel-planar (CHW), filling the
/// part of a tile that reaches past the image under the edge policy: <see cref="EdgePolicy.Reflect"/>
/// mirrors without repeating the edge pixel (−1 → 1, W → W − 2); every other policy pads with zeros
/// (only <see cref="EdgePolicy.Pad"/> tiles reach past the image in practice).
/// </summary>
/// <remarks>
/// Keeps the pixel sources of the two micrographs read last open (typically a micrograph and its
/// pair), so reading a batch of tiles in tile-set order opens each file once. Fields cut by
/// <see cref="MicrographFields"/> are read through their parent's source, so tiles shuffled across the
/// fields of one micrograph keep the same two sources open. Reuses its buffers.
/// Not thread-safe; give each thread its own reader. Dispose it to close the sources.
/// </remarks>
public sealed class TileReader : IDisposable
{
    private readonly Slot[] _slots = { new(), new() };
    private long _clock;
    private float[] _buffer = Array.Empty<float>();
    private int[] _columns = Array.Empty<int>();
    private int[] _rows = Array.Empty<int>();
    private bool _disposed;

    /// <summary>Creates a reader.</summary>
    /// <param name="edgePolicy">How to fill pixels past the image (usually the tile set's policy).</param>
    public TileReader(EdgePolicy edgePolicy)
    {
        EdgePolicy = edgePolicy;
    }

    /// <summary>Creates a reader for the tiles of <paramref name="tileSet"/>.</summary>
    public TileReader(TileSet tileSet)
        : this((tileSet ?? throw new ArgumentNullException(nameof(tileSet))).EdgePolicy)
    {
    }

    /// <summary>How pixels past the image are filled.</summary>
    public EdgePolicy EdgePolicy { get; }

    /// <summary>Floats <see cref="ReadImage"/> writes for <paramref name="tile"/>: channels × tile area.</summary>
    public static int ImageSampleCount(Tile tile) => checked((int)(tile.Source.ChannelCount * tile.Rect.Area));

    /// <summary>Floats <see cref="ReadTarget"/> writes for <paramref name="tile"/>: pair channels × tile area.</summary>
    /// <exception cref="InvalidOperationException">The tile's micrograph has no pair.</exception>
    public static int TargetSampleCount(Tile tile) => checked((int)(PairOf(tile).ChannelCount * tile.Rect.Area));

    /// <summary>Reads the tile's pixels from its micrograph.</summary>
    /// <param name="tile">The tile.</param>
    /// <param name="destination">At least <see cref="ImageSampleCount"/> long.</param>
    public void ReadImage(Tile tile, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(tile);
        Read(tile.Source, tile.Frame, tile.Rect, destination);
    }

    /// <summary>Reads the region of the tile's micrograph's pair under the tile (the target of
    /// <see cref="TileTarget.Image"/>), from the same frame, or the first where the pair has fewer.</summary>
    /// <param name="tile">The tile.</param>
    /// <param name="destination">At least <see cref="TargetSampleCount"/> long.</param>
    /// <exception cref="InvalidOperationException">The tile's micrograph has no pair.</exception>
    public void ReadTarget(Tile tile, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(tile);
        var pair = PairOf(tile);
        Read(pair, EdgeMap.PairFrame(tile.Frame, pair.FrameCount), tile.Rect, destination);
    }

    /// <summary>Reads any rectangle of a micrograph, filling pixels past the image under the edge policy.</summary>
    /// <param name="micrograph">The micrograph.</param>
    /// <param name="frame">Zero-based frame.</param>
    /// <param name="rect">The rectangle; may reach past the image.</param>
    /// <param name="destination">At least channels × rect area long.</param>
    public void Read(Micrograph micrograph, int frame, PixelRect rect, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(micrograph);
        var source = SourceOf(micrograph);
        int channels = source.ChannelCount;
        int width = source.Width, height = source.Height;
        long samples = rect.Area * channels;
        if (destination.Length < samples)
        {
            throw new ArgumentException($"The destination holds {destination.Length} samples; {samples} are needed.", nameof(destination));
        }
        if (rect.IsInside(width, height))
        {
            source.ReadRegion(frame, rect, destination);
            return;
        }

        // Map each tile column and row to a source column and row (−1: padding), read the smallest
        // rectangle holding every mapped pixel once, then gather.
        bool reflect = EdgePolicy == EdgePolicy.Reflect;
        var columns = Map(ref _columns, rect.X, rect.Width, width, reflect, out int x0, out int x1);
        var rows = Map(ref _rows, rect.Y, rect.Height, height, reflect, out int y0, out int y1);
        var dest = destination[..(int)samples];
        if (x1 < x0 || y1 < y0)
        {
            dest.Clear();
            return;
        }
        var box = new PixelRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        int boxArea = (int)box.Area;
        int needed = checked(boxArea * channels);
        if (_buffer.Length < needed) _buffer = new float[needed];
        source.ReadRegion(frame, box, _buffer.AsSpan(0, needed));

        int tileArea = (int)rect.Area;
        for (int c = 0; c < channels; c++)
        {
            var plane = _buffer.AsSpan(c * boxArea, boxArea);
            var target = dest.Slice(c * tileArea, tileArea);
            for (int y = 0; y < rect.Height; y++)
            {
                var line = target.Slice(y * rect.Width, rect.Width);
                int sy = rows[y];
                if (sy < 0)
                {
                    line.Clear();
                    continue;
                }
                var sourceLine = plane.Slice((sy - y0) * box.Width, box.Width);
                for (int x = 0; x < line.Length; x++)
                {
                    int sx = columns[x];
                    line[x] = sx < 0 ? 0f : sourceLine[sx - x0];
                }
            }
        }
    }

    private static ReadOnlySpan<int> Map(ref int[] map, int start, int count, int length, bool reflect, out int min, out int max)
    {
        if (map.Length < count) map = new int[count];
        min = int.MaxValue;
        max = int.MinValue;
        for (int i = 0; i < count; i++)
        {
            int p = start + i;
            int s = (uint)p < (uint)length ? p : reflect ? EdgeMap.Reflect(p, length) : -1;
            map[i] = s;
            if (s < 0) continue;
            if (s < min) min = s;
            if (s > max) max = s;
        }
        return map.AsSpan(0, count);
    }

    private static Micrograph PairOf(Tile tile) =>
        tile.Source.Pair ?? throw new InvalidOperationException(
            $"'{tile.Source.Path ?? tile.Source.Name}' has no paired image to read a target from.");

    private IPixelSource SourceOf(Micrograph micrograph)
    {
        if (MicrographFields.OriginOf(micrograph) is { } origin)
        {
            return new RegionPixelSource(Cached(origin.Parent), origin.Region, ownsParent: false);
        }
        return Cached(micrograph);
    }

    private IPixelSource Cached(Micrograph micrograph)
    {
        _clock++;
        foreach (var slot in _slots)
        {
            if (ReferenceEquals(slot.Micrograph, micrograph))
            {
                slot.LastUsed = _clock;
                return slot.Source!;
            }
        }
        var victim = _slots[0].LastUsed <= _slots[1].LastUsed ? _slots[0] : _slots[1];
        victim.Source?.Dispose();
        victim.Source = null;
        victim.Micrograph = null;
        victim.Source = micrograph.OpenPixels();
        victim.Micrograph = micrograph;
        victim.LastUsed = _clock;
        return victim.Source;
    }

    /// <summary>Closes the cached pixel sources.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var slot in _slots)
        {
            slot.Source?.Dispose();
            slot.Source = null;
            slot.Micrograph = null;
        }
    }

    private sealed class Slot
    {
        public Micrograph? Micrograph;
        public IPixelSource? Source;
        public long LastUsed;
    }
}
