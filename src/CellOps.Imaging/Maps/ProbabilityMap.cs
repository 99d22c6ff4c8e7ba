using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Maps;

/// <summary>
/// Per-pixel class probabilities over a whole micrograph, reassembled from tile or cell predictions:
/// what Export-VirtualStain writes as a probability TIFF, a binarized stain and an overlay.
/// </summary>
public sealed class ProbabilityMap
{
    private readonly float[] _probabilities;
    private readonly float[] _coverage;

    /// <summary>Creates a map.</summary>
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

    /// <summary>The probability plane of class <paramref name="classIndex"/> (Width×Height, row-major).</summary>
    public ReadOnlySpan<float> Plane(int classIndex)
    {
        if ((uint)classIndex >= (uint)ClassCount) throw new ArgumentOutOfRangeException(nameof(classIndex));
        int area = Width * Height;
        return _probabilities.AsSpan(classIndex * area, area);
    }

    /// <summary>Per pixel, the summed blend weight of the predictions that covered it; 0 where none did.</summary>
    public ReadOnlySpan<float> Coverage => _coverage;

    /// <summary>Whether any prediction covered pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public bool IsCovered(int x, int y) => _coverage[y * Width + x] > 0;

    /// <summary>Share of the image's pixels that some prediction covered.</summary>
    public double CoveredFraction => _coverage.Length == 0 ? 0 : (double)_coverage.Count(c => c > 0) / _coverage.Length;

    /// <summary>
    /// The most probable class per pixel (ties go to the lowest index), or <paramref name="uncovered"/>
    /// where no prediction covered the pixel.
    /// </summary>
    public byte[] LabelMap(byte uncovered = UncoveredLabel)
    {
        if (ClassCount > byte.MaxValue) throw new InvalidOperationException($"A byte label map holds at most 255 classes; this map has {ClassCount}.");
        int area = Width * Height;
        var labels = new byte[area];
        for (int i = 0; i < area; i++)
        {
            if (_coverage[i] <= 0) { labels[i] = uncovered; continue; }
            int best = 0;
            float bestP = _probabilities[i];
            for (int k = 1; k < ClassCount; k++)
            {
                float p = _probabilities[k * area + i];
                if (p > bestP) { bestP = p; best = k; }
            }
            labels[i] = (byte)best;
        }
        return labels;
    }

    /// <summary>Share of covered pixels whose most probable class is <paramref name="classIndex"/>.</summary>
    public double AreaFraction(int classIndex)
    {
        if ((uint)classIndex >= (uint)ClassCount) throw new ArgumentOutOfRangeException(nameof(classIndex));
        var labels = LabelMap();
        long covered = 0, hits = 0;
        foreach (byte label in labels)
        {
            if (label == byte.MaxValue) continue;
            covered++;
            if (label == classIndex) hits++;
        }
        return covered == 0 ? 0 : (double)hits / covered;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Micrograph} {Width}×{Height}, {ClassCount} classes";
}
