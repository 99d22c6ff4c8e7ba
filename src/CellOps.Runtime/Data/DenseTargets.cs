using System.Globalization;
using System.Runtime.InteropServices;
using CellOps.Imaging.Tiling;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Data;

/// <summary>
/// The training targets of dense models (<see cref="CellOps.Sdk.Models.IDenseModel"/>): per tile and
/// per grid cell, the fractions of the cell's pixels in each class, read from the tile's label image
/// at batch time. Reading them then, rather than using the histograms the tile set holds, lets each
/// tile's label plane take the same flip or turn as its pixels, and serves any grid a model asks for,
/// down to one cell per pixel.
/// </summary>
/// <remarks>
/// Pixels of the ignore value and pixels past the image (for padded tiles; reflected tiles see the
/// reflected labels, as their pixels are reflected) count for no class, so a cell made only of them
/// has all-zero targets. Not thread-safe; dispose it to close the label images.
/// </remarks>
public sealed class DenseTargets : IBatchTargets, IDisposable
{
    private readonly int[] _grids;
    private readonly int[] _offsets;
    private readonly int[][] _cellOf;
    private readonly LabelCoding _coding;
    private readonly TileReader _reader;
    private readonly float[] _classes;
    private readonly float[] _scratch;
    private readonly int[] _counts;
    private float[] _raw = Array.Empty<float>();

    /// <summary>Creates targets for tiles of <paramref name="tileSize"/> at <paramref name="grids"/>.</summary>
    /// <exception cref="ArgumentException">No grid, or a grid that does not divide the tile size.</exception>
    public DenseTargets(IReadOnlyList<int> grids, int tileSize, LabelCoding coding, EdgePolicy edgePolicy)
    {
        ArgumentNullException.ThrowIfNull(grids);
        _coding = coding ?? throw new ArgumentNullException(nameof(coding));
        if (grids.Count == 0) throw new ArgumentException("A dense model needs at least one output grid.", nameof(grids));
        foreach (int r in grids)
        {
            if (r < 1 || tileSize % r != 0)
                throw new ArgumentException($"An output grid of {r}×{r} cells does not divide {tileSize}-pixel tiles; each grid size must divide the tile size.", nameof(grids));
        }
        TileSize = tileSize;
        EdgePolicy = edgePolicy;
        _grids = grids.ToArray();
        _offsets = new int[_grids.Length];
        _cellOf = new int[_grids.Length][];
        for (int g = 0; g < _grids.Length; g++)
        {
            _offsets[g] = CellCount;
            CellCount += _grids[g] * _grids[g];
            int cellSize = tileSize / _grids[g];
            _cellOf[g] = Enumerable.Range(0, tileSize).Select(p => p / cellSize).ToArray();
        }
        _reader = new TileReader(edgePolicy);
        _classes = new float[tileSize * tileSize];
        _scratch = new float[tileSize * tileSize];
        _counts = new int[CellCount * coding.ClassCount];
    }

    /// <summary>Tile width and height.</summary>
    public int TileSize { get; }

    /// <summary>How tiles reaching past the image were read.</summary>
    public EdgePolicy EdgePolicy { get; }

    /// <summary>The grid sizes r, in output order.</summary>
    public IReadOnlyList<int> Grids => _grids;

    /// <summary>S: cells per tile over all grids (Σ r²).</summary>
    public int CellCount { get; }

    /// <summary>Number of classes K.</summary>
    public int ClassCount => _coding.ClassCount;

    /// <summary>The N×K×S float32 targets of a batch.</summary>
    /// <param name="tiles">The batch's tiles.</param>
    /// <param name="device">Where the tensor goes.</param>
    /// <param name="transforms">Per tile, the <see cref="DihedralTransform"/> its pixels took, or null.</param>
    /// <exception cref="ArgumentException">A tile without a label image, or a label value that is not a class.</exception>
    public Tensor Targets(IReadOnlyList<Tile> tiles, Device device, IReadOnlyList<int>? transforms = null)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        int perTile = ClassCount * CellCount;
        var tensor = torch.empty(new long[] { tiles.Count, ClassCount, CellCount }, ScalarType.Float32);
        try
        {
            var all = MemoryMarshal.Cast<byte, float>(tensor.bytes);
            for (int i = 0; i < tiles.Count; i++) Fill(tiles[i], transforms?[i] ?? 0, all.Slice(i * perTile, perTile));
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
        return CopiedTensor.MoveTo(tensor, device);
    }

    /// <summary>Writes one tile's K×S class fractions into <paramref name="destination"/>.</summary>
    public void Fill(Tile tile, int transform, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(tile);
        int size = TileSize, area = size * size;
        if (tile.Rect.Width != size || tile.Rect.Height != size)
            throw new ArgumentException($"Tile {tile} is {tile.Rect.Width}×{tile.Rect.Height}; the targets are for {size}×{size} tiles.");
        var pair = tile.Source.Pair
            ?? throw new ArgumentException($"'{tile.Source.Path ?? tile.Source.Name}' has no label image; dense targets are read from it.");
        int samples = TileReader.TargetSampleCount(tile);
        if (_raw.Length < samples) _raw = new float[samples];
        _reader.ReadTarget(tile, _raw);

        // Class per pixel (−1: no class), from the label image's first channel.
        bool padded = EdgePolicy != EdgePolicy.Reflect;
        int width = pair.Width, height = pair.Height;
        for (int y = 0; y < size; y++)
        {
            int sy = tile.Rect.Y + y;
            for (int x = 0; x < size; x++)
            {
                int sx = tile.Rect.X + x;
                if (padded && (sx < 0 || sy < 0 || sx >= width || sy >= height))
                {
                    _classes[y * size + x] = -1;
                    continue;
                }
                float value = _raw[y * size + x];
                int label = _coding.ClassOf(value);
                if (label == LabelCoding.Invalid)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"The label image '{pair.Path ?? pair.Name}' holds the value {value} near ({Math.Clamp(sx, 0, width - 1)}, {Math.Clamp(sy, 0, height - 1)}); the class labels are {_coding.DescribeValues()}."));
                }
                _classes[y * size + x] = label;
            }
        }
        if (transform != 0) DihedralTransform.Apply(_classes, size, transform, _scratch);

        int k = ClassCount;
        Array.Clear(_counts);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int label = (int)_classes[y * size + x];
                if (label < 0) continue;
                for (int g = 0; g < _grids.Length; g++)
                {
                    int cell = _offsets[g] + _cellOf[g][y] * _grids[g] + _cellOf[g][x];
                    _counts[cell * k + label]++;
                }
            }
        }

        int cells = CellCount;
        for (int cell = 0; cell < cells; cell++)
        {
            int total = 0;
            for (int c = 0; c < k; c++) total += _counts[cell * k + c];
            float scale = total == 0 ? 0f : 1f / total;
            for (int c = 0; c < k; c++) destination[c * cells + cell] = _counts[cell * k + c] * scale;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
