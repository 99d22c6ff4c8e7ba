using System.Buffers;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Maps;

/// <summary>
/// Per-pixel class probabilities over a whole micrograph, reassembled from tile or cell predictions:
/// what Export-VirtualStain writes as a probability TIFF, a binarized stain and an overlay. A small map
/// is held in memory; a large one (a whole slide) lies in a temporary file, assembled band by band, and
/// is read by rows (<see cref="ReadRows"/>), so its size is bounded by the disk, not by memory.
/// </summary>
public sealed class ProbabilityMap : IDisposable
{
    /// <summary>The largest map, in pixels, whose planes are handed out whole (<see cref="Plane"/>, <see cref="Coverage"/>): 8192 × 8192.</summary>
    public const long MaxWholePixels = 1L << 26;

    private readonly float[]? _probabilities;
    private readonly float[]? _coverage;
    private readonly PredictionSpool? _spool;
    private readonly bool _ownsSpool = true;

    /// <summary>Creates a map held in memory.</summary>
    /// <param name="source">The micrograph the map covers.</param>
    /// <param name="classNames">Class names, index = class; K = its count.</param>
    /// <param name="probabilities">K planes of Width×Height, row-major, plane after plane.</param>
    /// <param name="coverage">Per pixel, the blend weight of the predictions that covered it (0 = none).</param>
    public ProbabilityMap(Micrograph source, IReadOnlyList<string> classNames, float[] probabilities, float[] coverage)
    {
        Source = source ?? throw new ArgumentNullException(nameof(source));
        ClassNames = classNames ?? throw new ArgumentNullException(nameof(classNames));
        long area = (long)source.Width * source.Height;
        if (classNames.Count < 1) throw new ArgumentException("A probability map needs at least one class.", nameof(classNames));
        if (probabilities is null || probabilities.LongLength != area * classNames.Count)
            throw new ArgumentException($"Expected {classNames.Count} planes of {source.Width}×{source.Height}.", nameof(probabilities));
        if (coverage is null || coverage.LongLength != area)
            throw new ArgumentException($"Expected one coverage value per pixel of {source.Width}×{source.Height}.", nameof(coverage));
        _probabilities = probabilities;
        _coverage = coverage;
    }

    /// <summary>Creates a map held in <paramref name="spool"/>: K class planes as channels 0..K−1 and the coverage as channel K (see <see cref="MapAssembler.WriteTo"/>). The map owns the spool.</summary>
    public ProbabilityMap(Micrograph source, IReadOnlyList<string> classNames, PredictionSpool spool)
    {
        Source = source ?? throw new ArgumentNullException(nameof(source));
        ClassNames = classNames ?? throw new ArgumentNullException(nameof(classNames));
        ArgumentNullException.ThrowIfNull(spool);
        if (classNames.Count < 1) throw new ArgumentException("A probability map needs at least one class.", nameof(classNames));
        if (spool.Width != source.Width || spool.Height != source.Height || spool.ChannelCount != classNames.Count + 1)
            throw new ArgumentException($"Expected a spool of {source.Width}×{source.Height} with {classNames.Count + 1} channels.", nameof(spool));
        _spool = spool;
    }

    private ProbabilityMap(ProbabilityMap shared)
    {
        Source = shared.Source;
        ClassNames = shared.ClassNames;
        _probabilities = shared._probabilities;
        _coverage = shared._coverage;
        _spool = shared._spool;
        _ownsSpool = false;
    }

    /// <summary>
    /// The same map, sharing this one's storage; disposing the copy leaves the storage to this map. How a
    /// result hands out a map it keeps to several readers in turn.
    /// </summary>
    public ProbabilityMap Share() => new(this);

    /// <summary>The value <see cref="LabelMap"/> gives pixels no prediction covered, by default.</summary>
    public const byte UncoveredLabel = byte.MaxValue;

    /// <summary>The micrograph the map covers.</summary>
    public Micrograph Source { get; }

    /// <summary>Name of that micrograph.</summary>
    public string Micrograph => Source.Name;

    /// <summary>Width in pixels.</summary>
    public int Width => Source.Width;

    /// <summary>Height in pixels.</summary>
    public int Height => Source.Height;

    /// <summary>Number of classes K.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>Class names, index = class.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Whether the map lies in a temporary file rather than in memory.</summary>
    public bool OnDisk => _spool is not null;

    /// <summary>The probability plane of class <paramref name="classIndex"/> (Width×Height, row-major).</summary>
    /// <exception cref="InvalidOperationException">The map is larger than <see cref="MaxWholePixels"/>: read it by rows.</exception>
    public ReadOnlySpan<float> Plane(int classIndex)
    {
        if ((uint)classIndex >= (uint)ClassCount) throw new ArgumentOutOfRangeException(nameof(classIndex));
        int area = Width * Height;
        if (_probabilities is not null) return _probabilities.AsSpan(classIndex * area, area);
        return Whole(classIndex);
    }

    /// <summary>Per pixel, the summed blend weight of the predictions that covered it; 0 where none did.</summary>
    /// <exception cref="InvalidOperationException">The map is larger than <see cref="MaxWholePixels"/>: read it by rows.</exception>
    public ReadOnlySpan<float> Coverage => _coverage ?? Whole(ClassCount);

    /// <summary>Reads rows <paramref name="top"/> to <paramref name="top"/> + <paramref name="count"/> of class <paramref name="classIndex"/>'s plane.</summary>
    public void ReadRows(int classIndex, int top, int count, Span<float> destination)
    {
        if ((uint)classIndex >= (uint)ClassCount) throw new ArgumentOutOfRangeException(nameof(classIndex));
        ReadChannelRows(classIndex, top, count, destination);
    }

    /// <summary>Reads rows <paramref name="top"/> to <paramref name="top"/> + <paramref name="count"/> of the coverage.</summary>
    public void ReadCoverageRows(int top, int count, Span<float> destination) => ReadChannelRows(ClassCount, top, count, destination);

    /// <summary>
    /// The most probable class of each pixel of rows <paramref name="top"/> to <paramref name="top"/> + <paramref name="count"/>
    /// (ties go to the lowest index), or <paramref name="uncovered"/> where no prediction covered the pixel.
    /// </summary>
    public void LabelRows(int top, int count, Span<byte> destination, byte uncovered = UncoveredLabel)
    {
        if (ClassCount > byte.MaxValue) throw new InvalidOperationException($"A byte label map holds at most 255 classes; this map has {ClassCount}.");
        int n = checked(Width * count);
        if (destination.Length < n) throw new ArgumentException($"{n} values are needed.", nameof(destination));
        // Pooled: a whole slide is labelled band after band, 4 M pixels each, and the buffers are the same size every time.
        var best = ArrayPool<float>.Shared.Rent(n);
        var plane = ArrayPool<float>.Shared.Rent(n);
        try
        {
            ReadRows(0, top, count, best.AsSpan(0, n));
            destination[..n].Clear();
            for (int k = 1; k < ClassCount; k++)
            {
                ReadRows(k, top, count, plane.AsSpan(0, n));
                for (int i = 0; i < n; i++)
                {
                    if (plane[i] > best[i]) { best[i] = plane[i]; destination[i] = (byte)k; }
                }
            }
            ReadCoverageRows(top, count, plane.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                if (plane[i] <= 0) destination[i] = uncovered;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(best);
            ArrayPool<float>.Shared.Return(plane);
        }
    }

    /// <summary>Whether any prediction covered pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public bool IsCovered(int x, int y)
    {
        if (_coverage is not null) return _coverage[y * Width + x] > 0;
        Span<float> row = stackalloc float[1];
        _spool!.ReadRegion(ClassCount, new PixelRect(x, y, 1, 1), row);
        return row[0] > 0;
    }

    /// <summary>Share of the image's pixels that some prediction covered.</summary>
    public double CoveredFraction
    {
        get
        {
            long covered = 0;
            foreach (var (top, count) in Bands())
            {
                var coverage = new float[Width * count];
                ReadCoverageRows(top, count, coverage);
                foreach (float c in coverage) if (c > 0) covered++;
            }
            return (long)Width * Height == 0 ? 0 : (double)covered / ((long)Width * Height);
        }
    }

    /// <summary>
    /// The most probable class per pixel (ties go to the lowest index), or <paramref name="uncovered"/>
    /// where no prediction covered the pixel.
    /// </summary>
    public byte[] LabelMap(byte uncovered = UncoveredLabel)
    {
        var labels = new byte[checked(Width * Height)];
        foreach (var (top, count) in Bands()) LabelRows(top, count, labels.AsSpan(top * Width, count * Width), uncovered);
        return labels;
    }

    /// <summary>Share of covered pixels whose most probable class is <paramref name="classIndex"/>.</summary>
    public double AreaFraction(int classIndex)
    {
        if ((uint)classIndex >= (uint)ClassCount) throw new ArgumentOutOfRangeException(nameof(classIndex));
        long covered = 0, hits = 0;
        foreach (var (top, count) in Bands())
        {
            var labels = new byte[Width * count];
            LabelRows(top, count, labels);
            foreach (byte label in labels)
            {
                if (label == UncoveredLabel) continue;
                covered++;
                if (label == classIndex) hits++;
            }
        }
        return covered == 0 ? 0 : (double)hits / covered;
    }

    /// <summary>Bands of whole rows of about 4 M pixels each, top to bottom: how the map is best read by rows.</summary>
    public IEnumerable<(int Top, int Count)> Bands()
    {
        int rows = Math.Max(1, (1 << 22) / Math.Max(1, Width));
        for (int top = 0; top < Height; top += rows) yield return (top, Math.Min(rows, Height - top));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsSpool) _spool?.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Micrograph} {Width}×{Height}, {ClassCount} classes";

    private void ReadChannelRows(int channel, int top, int count, Span<float> destination)
    {
        if (top < 0 || count < 0 || top + count > Height) throw new ArgumentOutOfRangeException(nameof(top), $"Rows {top}..{top + count} lie outside the {Height}-row map.");
        int n = checked(Width * count);
        if (destination.Length < n) throw new ArgumentException($"{n} values are needed.", nameof(destination));
        if (count == 0) return;
        if (_spool is not null)
        {
            _spool.ReadRegion(channel, new PixelRect(0, top, Width, count), destination[..n]);
            return;
        }
        var source = channel == ClassCount ? _coverage! : _probabilities!;
        int offset = channel == ClassCount ? 0 : channel * Width * Height;
        source.AsSpan(offset + top * Width, n).CopyTo(destination);
    }

    private float[] Whole(int channel)
    {
        long area = (long)Width * Height;
        if (area > MaxWholePixels)
            throw new InvalidOperationException($"The map of {Micrograph} is {Width}×{Height}, too large to hand out whole; read it by rows (ReadRows).");
        var plane = new float[area];
        ReadChannelRows(channel, 0, Height, plane);
        return plane;
    }
}
