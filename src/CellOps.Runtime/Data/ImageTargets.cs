using System.Runtime.InteropServices;
using CellOps.Imaging.Tiling;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Translation;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Data;

/// <summary>
/// The targets of image-translation models: for each tile, the region of its micrograph's pair under the
/// tile, every channel, read at batch time so that it takes the same flip or turn as the tile's pixels,
/// and scaled per channel into the network's output range as <see cref="TargetScaling"/> says.
/// </summary>
/// <remarks>Not thread-safe; dispose it to close the paired images.</remarks>
public sealed class ImageTargets : IBatchTargets, IDisposable
{
    private readonly TargetScaling _scaling;
    private readonly TileReader _reader;
    private readonly float[] _transformScratch;

    /// <summary>Creates targets for tiles of <paramref name="tileSize"/> cut under <paramref name="edgePolicy"/>.</summary>
    public ImageTargets(int tileSize, TargetScaling scaling, EdgePolicy edgePolicy)
    {
        if (tileSize < 1) throw new ArgumentOutOfRangeException(nameof(tileSize));
        _scaling = scaling ?? throw new ArgumentNullException(nameof(scaling));
        TileSize = tileSize;
        _reader = new TileReader(edgePolicy);
        _transformScratch = new float[tileSize * tileSize];
    }

    /// <summary>Tile width and height.</summary>
    public int TileSize { get; }

    /// <summary>Target channels per tile.</summary>
    public int ChannelCount => _scaling.ChannelCount;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A tile without a pair, or whose pair has other channels than the scaling's.</exception>
    public Tensor Targets(IReadOnlyList<Tile> tiles, Device device, IReadOnlyList<int>? transforms = null)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        int area = TileSize * TileSize, perTile = ChannelCount * area;
        var tensor = torch.empty(new long[] { tiles.Count, ChannelCount, TileSize, TileSize }, ScalarType.Float32);
        try
        {
            var all = MemoryMarshal.Cast<byte, float>(tensor.bytes);
            for (int i = 0; i < tiles.Count; i++)
            {
                Fill(tiles[i], transforms?[i] ?? 0, all.Slice(i * perTile, perTile));
            }
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
        return CopiedTensor.MoveTo(tensor, device);
    }

    /// <summary>Writes one tile's scaled target (C'×H×W) after transform <paramref name="transform"/>.</summary>
    public void Fill(Tile tile, int transform, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(tile);
        var pair = tile.Source.Pair
            ?? throw new ArgumentException($"Tile {tile} has no paired image to learn from; import its micrograph with -PairWith.");
        if (pair.ChannelCount != ChannelCount)
        {
            throw new ArgumentException(
                $"The pair of {tile.Source.Name} ('{pair.Path ?? pair.Name}') has {pair.ChannelCount} channel(s); the model's targets have {ChannelCount} ({string.Join(", ", _scaling.Channels)}).");
        }
        if (tile.Rect.Width != TileSize || tile.Rect.Height != TileSize)
        {
            throw new ArgumentException($"Tile {tile} is {tile.Rect.Width}×{tile.Rect.Height}; the targets are {TileSize}×{TileSize}.");
        }
        int area = TileSize * TileSize;
        _reader.ReadTarget(tile, destination);
        for (int c = 0; c < ChannelCount; c++) _scaling.ToOutput(c, destination.Slice(c * area, area));
        if (transform != 0) DihedralTransform.Apply(destination[..(ChannelCount * area)], TileSize, transform, _transformScratch);
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
