using System.Runtime.InteropServices;
using CellOps.Imaging.Tiling;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Data;

/// <summary>
/// Turns tiles into one N×C×H×W float tensor per batch, normalised as a model's input spec says.
/// Pixels go from the tile reader straight into the tensor's own memory: no per-pixel boxing, no
/// tensor per tile, and one scratch buffer reused for every tile.
/// </summary>
/// <remarks>Not thread-safe. Dispose it to close the micrographs it has open.</remarks>
public sealed class TileTensorizer : IDisposable
{
    private readonly InputSpec _spec;
    private readonly TileReader _reader;
    private float[] _scratch = Array.Empty<float>();
    private readonly float[] _transformScratch;

    /// <summary>Creates a tensorizer for tiles cut under <paramref name="edgePolicy"/>.</summary>
    public TileTensorizer(InputSpec spec, EdgePolicy edgePolicy)
    {
        _spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _reader = new TileReader(edgePolicy);
        _transformScratch = new float[spec.TileSize * spec.TileSize];
    }

    /// <summary>Floats one tile takes in a batch.</summary>
    public int SamplesPerTile => _spec.Channels * _spec.TileSize * _spec.TileSize;

    /// <summary>Builds the input tensor of a batch.</summary>
    /// <param name="tiles">The batch's tiles; each must be <see cref="InputSpec.TileSize"/> square.</param>
    /// <param name="device">Where the tensor goes.</param>
    /// <param name="transforms">Per tile, a <see cref="DihedralTransform"/> index to apply (augmentation), or null.</param>
    /// <exception cref="ArgumentException">A tile of another size, or a micrograph whose channels cannot feed the model.</exception>
    public Tensor Inputs(IReadOnlyList<Tile> tiles, Device device, IReadOnlyList<int>? transforms = null)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        int size = _spec.TileSize, perTile = SamplesPerTile;
        var tensor = torch.empty(new long[] { tiles.Count, _spec.Channels, size, size }, ScalarType.Float32);
        try
        {
            var all = MemoryMarshal.Cast<byte, float>(tensor.bytes);
            for (int i = 0; i < tiles.Count; i++)
            {
                var destination = all.Slice(i * perTile, perTile);
                Fill(tiles[i], destination);
                if (transforms is not null) DihedralTransform.Apply(destination, size, transforms[i], _transformScratch);
            }
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
        return CopiedTensor.MoveTo(tensor, device);
    }

    /// <summary>The class labels of a batch as an int64 tensor of length N.</summary>
    /// <exception cref="ArgumentException">A tile without a label.</exception>
    public static Tensor Labels(IReadOnlyList<Tile> tiles, Device device)
    {
        var labels = new long[tiles.Count];
        for (int i = 0; i < tiles.Count; i++)
        {
            labels[i] = tiles[i].Label >= 0 ? tiles[i].Label
                : throw new ArgumentException($"Tile {tiles[i]} has no label; train on a tile set made with -Target Label or CenterClass.");
        }
        return CopiedTensor.Int64(labels, device);
    }

    /// <summary>Writes one tile's normalised pixels (C×H×W) into <paramref name="destination"/>.</summary>
    public void Fill(Tile tile, Span<float> destination)
    {
        int size = _spec.TileSize, area = size * size;
        if (tile.Rect.Width != size || tile.Rect.Height != size)
        {
            throw new ArgumentException(
                $"Tile {tile} is {tile.Rect.Width}×{tile.Rect.Height}; the model takes {size}×{size} tiles. Cut the tile set with -Size {size}.");
        }
        int sourceChannels = tile.Source.ChannelCount;
        int needed = sourceChannels * area;
        if (_scratch.Length < needed) _scratch = new float[needed];
        var raw = _scratch.AsSpan(0, needed);
        _reader.ReadImage(tile, raw);

        AdaptChannels(raw, sourceChannels, destination, area, tile);
        Normalize(destination, area, tile.Source.PixelType);
    }

    private void AdaptChannels(ReadOnlySpan<float> raw, int sourceChannels, Span<float> destination, int area, Tile tile)
    {
        int channels = _spec.Channels;
        if (sourceChannels == channels)
        {
            raw.CopyTo(destination);
        }
        else if (channels == 1)
        {
            // A colour image feeding a one-channel model: the mean of its channels (luminance-like).
            var mean = destination[..area];
            raw[..area].CopyTo(mean);
            for (int c = 1; c < sourceChannels; c++)
            {
                var plane = raw.Slice(c * area, area);
                for (int p = 0; p < area; p++) mean[p] += plane[p];
            }
            float scale = 1f / sourceChannels;
            for (int p = 0; p < area; p++) mean[p] *= scale;
        }
        else if (sourceChannels == 1)
        {
            for (int c = 0; c < channels; c++) raw[..area].CopyTo(destination.Slice(c * area, area));
        }
        else
        {
            throw new ArgumentException(
                $"{tile.Source.Name} has {sourceChannels} channels; the model takes {channels}. Import it with matching channels.");
        }
    }

    private void Normalize(Span<float> pixels, int area, PixelType pixelType)
    {
        var normalization = _spec.Normalization;
        switch (normalization.Kind)
        {
            case NormalizationKind.None:
                return;
            case NormalizationKind.UnitRange:
                Scale(pixels, (float)(1.0 / pixelType.MaxValue()), 0f);
                return;
            case NormalizationKind.Fixed:
            {
                float unit = (float)(1.0 / pixelType.MaxValue());
                for (int c = 0; c < _spec.Channels; c++)
                {
                    float std = normalization.Std[c], mean = normalization.Mean[c];
                    Scale(pixels.Slice(c * area, area), unit / std, -mean / std);
                }
                return;
            }
            case NormalizationKind.PerTileStandardize:
                for (int c = 0; c < _spec.Channels; c++) Standardize(pixels.Slice(c * area, area));
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(pixelType), normalization.Kind, "Unknown normalisation.");
        }
    }

    private static void Scale(Span<float> values, float factor, float offset)
    {
        for (int i = 0; i < values.Length; i++) values[i] = values[i] * factor + offset;
    }

    private static void Standardize(Span<float> values)
    {
        double sum = 0, sumSquares = 0;
        foreach (var v in values)
        {
            sum += v;
            sumSquares += (double)v * v;
        }
        double mean = sum / values.Length;
        double variance = Math.Max(0, sumSquares / values.Length - mean * mean);
        // A flat tile (std 0) becomes all zeros rather than dividing by zero.
        double std = Math.Sqrt(variance);
        float factor = std > 1e-6 ? (float)(1.0 / std) : 0f;
        Scale(values, factor, (float)(-mean * factor));
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
