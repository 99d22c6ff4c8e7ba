using CellOps.Imaging.Maps;
using CellOps.Runtime.Packaging;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Inference;

/// <summary>
/// The maps of a dense model's prediction over a tile set, one per micrograph, built while prediction
/// runs (<see cref="CellSink"/>): each batch's cells go into their micrograph's <see cref="MapStream"/> and
/// are dropped, so a whole slide's cells (13 GB for a 20000² slide cut every 32 px) are never held.
/// </summary>
public sealed class MapStreams : IDisposable
{
    private readonly IReadOnlyList<Tile> _tiles;
    private readonly IReadOnlyList<string> _classNames;
    private readonly Dictionary<Micrograph, MapStream> _streams = new(ReferenceEqualityComparer.Instance);
    private readonly int _tallest;
    private readonly long _inMemoryPixels;

    /// <summary>Streams for the micrographs of <paramref name="tiles"/>.</summary>
    /// <param name="tiles">The tiles, each micrograph's top to bottom (as tile sets cut them).</param>
    /// <param name="classNames">The model's classes, K = their count.</param>
    /// <param name="inMemoryPixels">Maps of at most this many pixels are built in memory.</param>
    public MapStreams(TileSet tiles, IReadOnlyList<string> classNames, long inMemoryPixels = PredictionResult.InMemoryMapPixels)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count == 0) throw new ArgumentException("A map needs at least one class.", nameof(classNames));
        _tiles = tiles.Tiles;
        _classNames = classNames;
        _tallest = _tiles.Count == 0 ? 1 : _tiles.Max(t => t.Rect.Height);
        _inMemoryPixels = inMemoryPixels;
    }

    /// <summary>
    /// Whether a prediction of <paramref name="tiles"/> by <paramref name="manifest"/>'s model should build its
    /// maps as it runs: a dense model, and a micrograph whose map would not be built in memory.
    /// </summary>
    public static bool Needed(ModelManifest manifest, TileSet tiles, long inMemoryPixels = PredictionResult.InMemoryMapPixels)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(tiles);
        // Tiles come top to bottom within a frame; a stack's frames start again at the top, so it is assembled as before.
        return manifest.OutputGrids is { Count: > 0 } && !manifest.WholeImages && manifest.ClassNames.Count > 0
            && tiles.Sources.Any(m => (long)m.Width * m.Height > inMemoryPixels)
            && tiles.Sources.All(m => m.FrameCount == 1);
    }

    /// <summary>A <see cref="CellSink"/>: one batch's cells into their micrographs' maps.</summary>
    public void Add(int firstTile, ReadOnlySpan<float> cells, int grid)
    {
        int perTile = grid * grid * _classNames.Count;
        if (cells.Length % perTile != 0)
            throw new InvalidOperationException($"The model gave {cells.Length} cell values for a batch; {grid}×{grid} cells of {_classNames.Count} classes per tile divide it not.");
        for (int j = 0; j < cells.Length / perTile; j++)
        {
            var tile = _tiles[firstTile + j];
            if (!_streams.TryGetValue(tile.Source, out var stream))
            {
                stream = new MapStream(tile.Source.Width, tile.Source.Height, _classNames.Count, _tallest, _inMemoryPixels);
                _streams[tile.Source] = stream;
            }
            stream.Add(tile.Rect, cells.Slice(j * perTile, perTile), grid);
        }
    }

    /// <summary>
    /// The maps of the micrographs the first <paramref name="completed"/> tiles came from, in their order (as
    /// <see cref="PredictionResult.Create"/> takes them); the other streams are dropped.
    /// </summary>
    public IReadOnlyList<ProbabilityMap> Finish(IReadOnlyList<Tile> tiles, int completed)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        var order = new List<Micrograph>();
        var seen = new HashSet<Micrograph>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < completed; i++)
        {
            if (seen.Add(tiles[i].Source)) order.Add(tiles[i].Source);
        }
        var maps = new List<ProbabilityMap>();
        foreach (var source in order)
        {
            var stream = _streams[source];
            _streams.Remove(source);
            maps.Add(stream.Finish(source, _classNames));
        }
        Dispose();
        return maps;
    }

    /// <summary>Drops the streams not finished (and their files).</summary>
    public void Dispose()
    {
        foreach (var stream in _streams.Values) stream.Dispose();
        _streams.Clear();
    }
}
