using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Maps;

/// <summary>
/// Reassembles predictions made on (possibly overlapping) tiles into one per-pixel probability map.
/// A tile contributes either one distribution (tile classification) or an r×r grid of them (class
/// distributions per cell); each is spread over the pixels it speaks for.
/// </summary>
/// <remarks>
/// Overlaps are blended with a tent weight that is highest at the tile's centre and falls towards
/// its edges, so neighbouring tiles hand over gradually instead of leaving a seam where one tile's
/// paste ends. The weight is positive everywhere inside a tile, so where tiles do not overlap each
/// pixel gets its tile's values exactly.
/// </remarks>
public sealed class MapAssembler
{
    private readonly float[] _sums;
    private readonly float[] _weights;
    private float[] _columnTent = [];
    private float[] _rowTent = [];
    private int[] _cellColumns = [];
    private int _cellGrid;
    private float[] _flushPlane = [];

    /// <summary>Starts an empty map of <paramref name="width"/>×<paramref name="height"/> pixels and <paramref name="classCount"/> classes.</summary>
    public MapAssembler(int width, int height, int classCount) : this(width, height, classCount, 0)
    {
    }

    /// <summary>
    /// Starts an empty band of a larger map: rows <paramref name="top"/> to <paramref name="top"/> + <paramref name="height"/>
    /// of a map <paramref name="width"/> wide. Tiles are added in map coordinates and blended as in the whole
    /// map, so bands written one after another (<see cref="WriteTo"/>) give the map <see cref="Build"/> would.
    /// </summary>
    public MapAssembler(int width, int height, int classCount, int top)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"A map needs a positive size; got {width}×{height}.");
        if (classCount <= 0) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "A map needs at least one class.");
        long area = (long)width * height;
        if (area * classCount > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(width), $"A {width}×{height} map of {classCount} classes is too large to hold in memory at once.");
        if (top < 0) throw new ArgumentOutOfRangeException(nameof(top), top, "A band cannot start above the map.");
        Width = width;
        Height = height;
        Top = top;
        ClassCount = classCount;
        _sums = new float[area * classCount];
        _weights = new float[area];
    }

    /// <summary>Map width.</summary>
    public int Width { get; }

    /// <summary>Map height.</summary>
    public int Height { get; }

    /// <summary>Number of classes K.</summary>
    public int ClassCount { get; }

    /// <summary>The map row this assembler's first row is (0 for a whole map).</summary>
    public int Top { get; private set; }

    /// <summary>Adds one tile's class distribution, spread over the whole tile.</summary>
    /// <param name="rect">The tile in map pixels; parts outside the map are ignored.</param>
    /// <param name="distribution">K values.</param>
    public void Add(PixelRect rect, ReadOnlySpan<float> distribution) => Add(rect, distribution, 1);

    /// <summary>Adds one tile's r×r grid of class distributions.</summary>
    /// <param name="rect">The tile in map pixels; parts outside the map are ignored.</param>
    /// <param name="cells">r·r·K values: cell by cell in row-major order, K per cell (the layout of <c>Tile.Histograms</c>).</param>
    /// <param name="grid">r: cell c of a row spans tile columns [c·W/r, (c+1)·W/r).</param>
    public void Add(PixelRect rect, ReadOnlySpan<float> cells, int grid)
    {
        if (grid <= 0) throw new ArgumentOutOfRangeException(nameof(grid), grid, "The grid size must be positive.");
        if (cells.Length != grid * grid * ClassCount)
            throw new ArgumentException($"A {grid}×{grid} grid of {ClassCount} classes needs {grid * grid * ClassCount} values; got {cells.Length}.", nameof(cells));
        if (rect.Width <= 0 || rect.Height <= 0) return;
        int x0 = Math.Max(0, rect.X), x1 = Math.Min(Width, rect.Right);
        int y0 = Math.Max(Top, rect.Y), y1 = Math.Min(Top + Height, rect.Bottom);
        if (x0 >= x1 || y0 >= y1) return;

        var columnWeight = Tent(ref _columnTent, rect.Width);
        var rowWeight = Tent(ref _rowTent, rect.Height);
        var cellColumn = CellColumns(rect.Width, grid);
        int area = Width * Height, classes = ClassCount, first = x0 - rect.X, count = x1 - x0;
        var columnWeights = columnWeight.AsSpan(first, count);
        var columns = cellColumn.AsSpan(first, count);
        for (int y = y0; y < y1; y++)
        {
            int ty = y - rect.Y;
            int cellRow = (int)((long)ty * grid / rect.Height) * grid;
            float wy = rowWeight[ty];
            int rowStart = (y - Top) * Width + x0;
            // Plane by plane along the row: each class plane's row is written in order, and no division is left in the loop.
            var weights = _weights.AsSpan(rowStart, count);
            for (int i = 0; i < count; i++) weights[i] += wy * columnWeights[i];
            for (int k = 0; k < classes; k++)
            {
                var sums = _sums.AsSpan(k * area + rowStart, count);
                for (int i = 0; i < count; i++) sums[i] += wy * columnWeights[i] * cells[(cellRow + columns[i]) * classes + k];
            }
        }
    }

    /// <summary>
    /// Writes this band's blended rows into <paramref name="spool"/> at rows <see cref="Top"/> onwards: the K
    /// class planes as channels 0..K−1 and the coverage (summed blend weight) as channel K.
    /// </summary>
    public void WriteTo(PredictionSpool spool)
    {
        ArgumentNullException.ThrowIfNull(spool);
        if (spool.Width != Width || spool.ChannelCount != ClassCount + 1 || Top > spool.Height)
            throw new ArgumentException($"A spool of {spool.Width}×{spool.Height} with {spool.ChannelCount} channels cannot take rows {Top}..{Top + Height} of a {Width}-wide map of {ClassCount} classes.", nameof(spool));
        // A band may reach below the map (tiles reflected past its edge): only the map's rows are written.
        Flush(spool, Math.Min(Height, spool.Height - Top));
    }

    /// <summary>
    /// Slides the band down to start at map row <paramref name="top"/>: the rows above it, which no later tile
    /// may reach, are written to <paramref name="spool"/> (those inside the map) and dropped; the rest move up.
    /// </summary>
    public void Advance(int top, PredictionSpool spool)
    {
        ArgumentNullException.ThrowIfNull(spool);
        int shift = top - Top;
        if (shift <= 0) return;
        shift = Math.Min(shift, Height);
        int area = Width * Height;
        Flush(spool, Math.Min(shift, spool.Height - Top));
        int kept = (Height - shift) * Width, dropped = shift * Width;
        for (int k = 0; k < ClassCount; k++)
        {
            var classPlane = _sums.AsSpan(k * area, area);
            classPlane.Slice(dropped, kept).CopyTo(classPlane);
            classPlane[kept..].Clear();
        }
        _weights.AsSpan(dropped, kept).CopyTo(_weights);
        _weights.AsSpan(kept).Clear();
        Top += shift == Height ? top - Top : shift;
    }

    // The band's first rows, blended (class planes, then the coverage), into the spool at Top.
    private void Flush(PredictionSpool spool, int rows)
    {
        if (rows <= 0) return;
        int area = Width * Height;
        int n = Width * rows;
        if (_flushPlane.Length < n) _flushPlane = new float[n];
        var plane = _flushPlane.AsSpan(0, n);
        var weights = _weights.AsSpan(0, n);
        for (int k = 0; k < ClassCount; k++)
        {
            var sums = _sums.AsSpan(k * area, n);
            for (int i = 0; i < n; i++)
            {
                float w = weights[i];
                plane[i] = w > 0 ? sums[i] / w : 0;
            }
            spool.WriteRows(k, Top, plane);
        }
        spool.WriteRows(ClassCount, Top, weights);
    }

    /// <summary>The blended map: weighted means where covered, zeros where no tile reached.</summary>
    public ProbabilityMap Build(Micrograph source, IReadOnlyList<string> classNames)
    {
        if (Top != 0) throw new InvalidOperationException("A band of a map is written to a spool (WriteTo), not built alone.");
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(classNames);
        if (source.Width != Width || source.Height != Height)
            throw new ArgumentException($"The map is {Width}×{Height}; {source.Name} is {source.Width}×{source.Height}.", nameof(source));
        if (classNames.Count != ClassCount)
            throw new ArgumentException($"The map has {ClassCount} classes; {classNames.Count} names were given.", nameof(classNames));
        int area = Width * Height;
        var probabilities = new float[_sums.Length];
        for (int i = 0; i < area; i++)
        {
            float w = _weights[i];
            if (w <= 0) continue;
            for (int k = 0; k < ClassCount; k++) probabilities[k * area + i] = _sums[k * area + i] / w;
        }
        return new ProbabilityMap(source, classNames, probabilities, (float[])_weights.Clone());
    }

    /// <summary>
    /// Pixels per most probable class (ties go to the lowest index), over covered pixels only: the
    /// areas of a label map without building it.
    /// </summary>
    public long[] LabelCounts()
    {
        var counts = new long[ClassCount];
        int area = Width * Height;
        for (int i = 0; i < area; i++)
        {
            if (_weights[i] <= 0) continue;
            int best = 0;
            float bestSum = _sums[i];
            for (int k = 1; k < ClassCount; k++)
            {
                float s = _sums[k * area + i];
                if (s > bestSum) { bestSum = s; best = k; }
            }
            counts[best]++;
        }
        return counts;
    }

    // A band is fed thousands of tiles of one size: their weights and cell columns are made once.
    private static float[] Tent(ref float[] cached, int length)
    {
        if (cached.Length != length) cached = TentWeights(length);
        return cached;
    }

    private int[] CellColumns(int width, int grid)
    {
        if (_cellColumns.Length != width || _cellGrid != grid)
        {
            _cellColumns = new int[width];
            for (int tx = 0; tx < width; tx++) _cellColumns[tx] = (int)((long)tx * grid / width);
            _cellGrid = grid;
        }
        return _cellColumns;
    }

    // Distance to the nearer edge, measured at pixel centres and scaled to (0, 1]: positive on every
    // pixel, so a lone tile still paints its whole area.
    private static float[] TentWeights(int length)
    {
        var weights = new float[length];
        float half = length / 2f;
        for (int i = 0; i < length; i++) weights[i] = Math.Min(i + 0.5f, length - i - 0.5f) / half;
        return weights;
    }
}
