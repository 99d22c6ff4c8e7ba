using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Maps;

/// <summary>
/// Builds one micrograph's probability map while prediction runs, from tiles given top to bottom (in
/// non-decreasing order of their top edge, as tile sets cut them): rows no later tile can reach are
/// blended and written out as soon as a tile below them arrives, so a whole slide's dense predictions
/// never need to be held, only a band of rows a little taller than a tile. Small maps are simply built in memory.
/// </summary>
public sealed class MapStream : IDisposable
{
    private readonly int _width;
    private readonly int _height;
    private readonly int _classCount;
    private readonly PredictionSpool? _spool;
    private readonly MapAssembler _assembler;
    private int _lastTop = int.MinValue;
    private bool _finished;

    /// <summary>Starts the map of a <paramref name="width"/>×<paramref name="height"/> micrograph.</summary>
    /// <param name="width">Map width.</param>
    /// <param name="height">Map height.</param>
    /// <param name="classCount">Classes K.</param>
    /// <param name="tileHeight">The tallest tile that will be added.</param>
    /// <param name="inMemoryPixels">Maps of at most this many pixels are built in memory; larger ones on disk.</param>
    public MapStream(int width, int height, int classCount, int tileHeight, long inMemoryPixels)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), "A map needs a positive size.");
        if (tileHeight < 1) throw new ArgumentOutOfRangeException(nameof(tileHeight), tileHeight, "Tiles need a positive height.");
        _width = width;
        _height = height;
        _classCount = classCount;
        if ((long)width * height <= inMemoryPixels)
        {
            _assembler = new MapAssembler(width, height, classCount);
            return;
        }
        // Room for a tile below the rows still open, and enough rows that a band is worth a write.
        int rows = Math.Max(2 * tileHeight, (int)Math.Min(height, (1L << 22) / width));
        _spool = PredictionSpool.Create(width, height, classCount + 1);
        _assembler = new MapAssembler(width, rows, classCount, 0);
    }

    /// <summary>Whether the map is being written to disk.</summary>
    public bool OnDisk => _spool is not null;

    /// <summary>Adds one tile's prediction: one distribution over its rect, or its r×r cells (see <see cref="MapAssembler.Add(PixelRect, ReadOnlySpan{float}, int)"/>).</summary>
    /// <exception cref="InvalidOperationException">A tile starts above one added before it.</exception>
    public void Add(PixelRect rect, ReadOnlySpan<float> values, int grid = 1)
    {
        if (_finished) throw new InvalidOperationException("The map has been finished.");
        if (rect.Y < _lastTop) throw new InvalidOperationException($"Tiles must come top to bottom: a tile at row {rect.Y} came after one at row {_lastTop}.");
        _lastTop = rect.Y;
        if (_spool is not null && rect.Bottom > _assembler.Top + _assembler.Height)
        {
            // Every later tile starts at rect.Y or below: the rows above are final.
            _assembler.Advance(Math.Max(_assembler.Top, rect.Y), _spool);
            if (rect.Bottom > _assembler.Top + _assembler.Height)
                throw new InvalidOperationException($"A tile {rect.Height} rows tall does not fit the {_assembler.Height}-row band of this map.");
        }
        _assembler.Add(rect, values, grid);
    }

    /// <summary>The map. The stream can take no more tiles; the map owns the file a large one lies in.</summary>
    public ProbabilityMap Finish(Micrograph source, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Width != _width || source.Height != _height)
            throw new ArgumentException($"The map is {_width}×{_height}; {source.Name} is {source.Width}×{source.Height}.", nameof(source));
        if (_finished) throw new InvalidOperationException("The map has been finished.");
        _finished = true;
        if (_spool is null) return _assembler.Build(source, classNames);
        // The open band is the last with any tile in it; rows below it stay as the spool began: uncovered.
        _assembler.Advance(_assembler.Top + _assembler.Height, _spool);
        return new ProbabilityMap(source, classNames, _spool);
    }

    /// <summary>Deletes the file of a map that was never finished.</summary>
    public void Dispose()
    {
        if (!_finished) _spool?.Dispose();
    }
}
