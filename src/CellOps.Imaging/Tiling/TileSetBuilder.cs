using System.Globalization;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Imaging.Tiling;

/// <summary>
/// Cuts micrographs into tiles and labels them from their pairs, one micrograph at a time, then
/// assembles a <see cref="TileSet"/>. Pixels are read region by region (one tile, or one band for
/// whole-image statistics), never a whole image at once, except for whole-image tiles
/// (<see cref="TilingOptions.WholeImage"/>), which are meant for small cell crops.
/// </summary>
/// <remarks>
/// <see cref="Add"/> either adds all of a micrograph's tiles or none: when it throws
/// (<see cref="TilingException"/> for a micrograph that cannot be tiled as asked,
/// <see cref="MicrographReadException"/> for one whose pixels cannot be read), the builder is as it
/// was and the caller may go on with the next micrograph. Not thread-safe.
/// </remarks>
public sealed class TileSetBuilder
{
    /// <summary>
    /// Most tiles one tile set holds (2,097,152): every tile is an object of about 140 bytes, so this is about
    /// 300 MB, while a small file that claims a huge image could otherwise ask for millions.
    /// </summary>
    public const int MaxTiles = 1 << 21;

    private readonly IProgress<TilingProgress>? _progress;
    private readonly List<Tile> _tiles = new();
    private readonly List<Micrograph> _sources = new();
    private int? _classCount;
    private int _largestCenterClass = -1;
    private LabelCoding? _coding;
    private float[] _buffer = Array.Empty<float>();
    private bool[] _foregroundMarks = Array.Empty<bool>();

    /// <summary>Creates a builder.</summary>
    /// <param name="options">How to cut and label; checked here.</param>
    /// <param name="progress">Told how far each micrograph has got, once per row of tiles.</param>
    /// <exception cref="ArgumentException">The options are inconsistent.</exception>
    public TileSetBuilder(TilingOptions options, IProgress<TilingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _progress = progress;
        _classCount = options.Target switch
        {
            TileTarget.Label => 2,
            TileTarget.CenterClass or TileTarget.ClassHistogram => options.LabelValues.Count > 0 ? options.LabelValues.Count : options.ClassCount,
            TileTarget.ImageClass => options.ClassNames.Count,
            _ => null,
        };
    }

    /// <summary>The options in effect.</summary>
    public TilingOptions Options { get; }

    /// <summary>The number of classes K: 2 for <see cref="TileTarget.Label"/>; the given or scanned
    /// count for class targets; null while unknown.</summary>
    public int? ClassCount => _classCount;

    /// <summary>Tiles added so far.</summary>
    public int TileCount => _tiles.Count;

    /// <summary>The micrographs added so far (including any that gave no tiles).</summary>
    public IReadOnlyList<Micrograph> Sources => _sources;

    /// <summary>
    /// Cuts and labels all tiles of <paramref name="micrographs"/> and returns them as a tile set,
    /// scanning the pairs for the class count first where the target needs one and none was given.
    /// Stops at the first micrograph that fails; use an instance to carry on past failures.
    /// </summary>
    public static TileSet Build(IEnumerable<Micrograph> micrographs, TilingOptions options,
        IProgress<TilingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(micrographs);
        var builder = new TileSetBuilder(options, progress);
        var list = micrographs as IReadOnlyList<Micrograph> ?? micrographs.ToList();
        if (builder.ClassCount is null && options.Target is TileTarget.CenterClass or TileTarget.ClassHistogram)
        {
            builder.ScanClassCount(list, cancellationToken);
        }
        foreach (var micrograph in list)
        {
            builder.Add(micrograph, cancellationToken);
        }
        return builder.Build();
    }

    /// <summary>
    /// Derives the class count K of a class target as the largest label value over the pairs of
    /// <paramref name="micrographs"/> plus one, leaving out <see cref="TilingOptions.IgnoreClass"/>.
    /// Micrographs without a pair or whose pair cannot be read are passed over here; <see cref="Add"/>
    /// reports them. Returns the known count without scanning when it is already known, and 0 for
    /// targets without classes.
    /// </summary>
    public int ScanClassCount(IEnumerable<Micrograph> micrographs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(micrographs);
        if (_classCount is int known) return known;
        if (Options.Target is not (TileTarget.CenterClass or TileTarget.ClassHistogram)) return 0;
        float largest = -1;
        float ignore = Options.IgnoreClass is int i ? i : float.NaN;
        foreach (var micrograph in micrographs)
        {
            var pair = micrograph.Pair;
            if (pair is null) continue;
            try
            {
                using var source = pair.OpenPixels();
                PixelScan.ForEachBand(source, EdgeMap.PairFrame(Options.Frame, source.FrameCount), cancellationToken, (band, _) =>
                {
                    float bandLargest = -1;
                    foreach (float v in band)
                    {
                        if (v > bandLargest && v != ignore) bandLargest = v;
                    }
                    largest = Math.Max(largest, bandLargest);
                });
            }
            catch (MicrographReadException)
            {
                // Add names the file when it comes to this micrograph.
            }
        }
        int count = Math.Max(1, (int)Math.Floor(largest) + 1);
        _classCount = count;
        return count;
    }

    /// <summary>
    /// Cuts <paramref name="micrograph"/> into tiles, labels them, and adds them to the builder.
    /// </summary>
    /// <returns>The tiles added, indexed after those already in the builder.</returns>
    /// <exception cref="TilingException">The micrograph lacks a pair its target needs, its pair holds a
    /// value that is not a class, or the frame does not exist; nothing is added.</exception>
    /// <exception cref="MicrographReadException">Its pixels cannot be read; nothing is added.</exception>
    /// <exception cref="InvalidOperationException">A class-histogram target with no class count:
    /// set <see cref="TilingOptions.ClassCount"/> or call <see cref="ScanClassCount"/> first.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is added.</exception>
    public IReadOnlyList<Tile> Add(Micrograph micrograph, CancellationToken cancellationToken = default) =>
        Add(micrograph, null, cancellationToken);

    /// <summary>
    /// Cuts <paramref name="micrograph"/> into tiles (or resizes it whole into one, see
    /// <see cref="TilingOptions.WholeImage"/>), labels them, and adds them to the builder.
    /// </summary>
    /// <param name="micrograph">The micrograph.</param>
    /// <param name="imageClass">For <see cref="TileTarget.ImageClass"/>: the micrograph's class, one of
    /// <see cref="TilingOptions.ClassNames"/> (ignoring case), which every tile of it gets; ignored otherwise.</param>
    /// <param name="cancellationToken">Stops the work; nothing is added.</param>
    /// <returns>The tiles added, indexed after those already in the builder.</returns>
    /// <exception cref="TilingException">The micrograph lacks the pair or class its target needs, its
    /// class is not one of the class names, its pair holds a value that is not a class, or the frame
    /// does not exist; nothing is added.</exception>
    /// <exception cref="MicrographReadException">Its pixels cannot be read; nothing is added.</exception>
    /// <exception cref="InvalidOperationException">A class-histogram target with no class count:
    /// set <see cref="TilingOptions.ClassCount"/> or call <see cref="ScanClassCount"/> first.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is added.</exception>
    public IReadOnlyList<Tile> Add(Micrograph micrograph, string? imageClass, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(micrograph);
        var o = Options;
        if (o.Frame >= micrograph.FrameCount)
        {
            throw new TilingException(micrograph,
                $"'{Describe(micrograph)}' has {micrograph.FrameCount} frame(s); frame {o.Frame} does not exist.");
        }
        int imageLabel = o.Target == TileTarget.ImageClass ? ImageLabel(micrograph, imageClass) : -1;
        if (o.WholeImage) return AddWhole(micrograph, imageLabel, cancellationToken);
        var pair = micrograph.Pair;
        if (o.Target is not (TileTarget.None or TileTarget.ImageClass) && pair is null)
        {
            throw new TilingException(micrograph,
                $"'{Describe(micrograph)}' has no paired image, which a {o.Target} target needs.");
        }
        if (o.Target == TileTarget.ClassHistogram && _classCount is null)
        {
            throw new InvalidOperationException(
                "A class-histogram target needs the class count: set TilingOptions.ClassCount or call ScanClassCount first.");
        }

        CheckTileCount(micrograph);
        var rects = o.Centered
            ? TileGrid.Centered(micrograph.Width, micrograph.Height, o.Size, o.EffectiveStride)
            : TileGrid.Compute(micrograph.Width, micrograph.Height, o.Size, o.EffectiveStride, o.EdgePolicy);
        var kept = new List<Tile>();
        int largestCenterClass = _largestCenterClass;
        IPixelSource? image = null, labels = null;
        try
        {
            int frame = o.Frame;
            float[] background = Array.Empty<float>(), foregroundLimit = Array.Empty<float>();
            if (o.ForegroundFraction is not null)
            {
                image = micrograph.OpenPixels();
                (background, var sigma) = PixelScan.Background(image, frame, cancellationToken);
                foregroundLimit = sigma.Select(s => (float)(o.ForegroundSigmas * s)).ToArray();
            }

            int pairFrame = 0;
            double threshold = 0;
            HistogramCells? cells = null;
            if (o.Target is TileTarget.Label or TileTarget.CenterClass or TileTarget.ClassHistogram)
            {
                labels = pair!.OpenPixels();
                pairFrame = EdgeMap.PairFrame(frame, labels.FrameCount);
                if (o.Target == TileTarget.Label)
                {
                    threshold = o.Threshold ?? PixelScan.Otsu(labels, pairFrame, cancellationToken);
                }
                else if (o.Target == TileTarget.ClassHistogram)
                {
                    cells = new HistogramCells(o.Size, o.Grids, _classCount!.Value);
                }
            }

            for (int i = 0; i < rects.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rect = rects[i];
                bool keep = o.ForegroundFraction is not double minimum
                    || ForegroundFraction(image!, frame, rect, background, foregroundLimit) >= minimum;
                if (keep)
                {
                    int index = _tiles.Count + kept.Count;
                    Tile? tile;
                    switch (o.Target)
                    {
                        case TileTarget.Label:
                            {
                                double positive = PositiveFraction(labels!, pairFrame, rect, threshold);
                                tile = new Tile(index, micrograph, frame, rect, positive >= o.AreaFraction ? 1 : 0, positive);
                                break;
                            }
                        case TileTarget.CenterClass:
                            {
                                int label = CenterClass(micrograph, labels!, pairFrame, rect);
                                if (label == LabelCoding.Ignored)
                                {
                                    tile = null;
                                }
                                else
                                {
                                    largestCenterClass = Math.Max(largestCenterClass, label);
                                    tile = new Tile(index, micrograph, frame, rect, label);
                                }
                                break;
                            }
                        case TileTarget.ClassHistogram:
                            tile = new Tile(index, micrograph, frame, rect, histograms: Histograms(micrograph, labels!, pairFrame, rect, cells!));
                            break;
                        case TileTarget.ImageClass:
                            tile = new Tile(index, micrograph, frame, rect, imageLabel);
                            break;
                        default:
                            tile = new Tile(index, micrograph, frame, rect);
                            break;
                    }
                    if (tile is not null) kept.Add(tile);
                }
                if (_progress is not null && (i + 1 == rects.Count || rects[i + 1].Y != rect.Y))
                {
                    _progress.Report(new TilingProgress(micrograph.Name, _sources.Count, i + 1, rects.Count, _tiles.Count + kept.Count));
                }
            }
        }
        finally
        {
            image?.Dispose();
            labels?.Dispose();
        }

        if (rects.Count == 0) _progress?.Report(new TilingProgress(micrograph.Name, _sources.Count, 0, 0, _tiles.Count));
        _tiles.AddRange(kept);
        _sources.Add(micrograph);
        _largestCenterClass = largestCenterClass;
        return kept;
    }

    /// <summary>
    /// The tile set of everything added so far. For a center-class target whose class count was
    /// neither given nor scanned, K is the largest centre class seen plus one.
    /// </summary>
    public TileSet Build()
    {
        var o = Options;
        int classCount = o.Target switch
        {
            TileTarget.Label => 2,
            TileTarget.CenterClass => _classCount ?? _largestCenterClass + 1,
            TileTarget.ClassHistogram => _classCount ?? 0,
            TileTarget.ImageClass => o.ClassNames.Count,
            _ => 0,
        };
        return new TileSet(_tiles.ToArray(), _sources.ToArray(), o.Size, o.EffectiveStride, o.EdgePolicy, o.Target,
            classCount, o.IgnoreClass, o.Target == TileTarget.ClassHistogram ? o.Grids.ToArray() : null,
            o.Target is TileTarget.ImageClass or TileTarget.CenterClass or TileTarget.ClassHistogram && o.ClassNames.Count > 0 ? o.ClassNames.ToArray() : null,
            o.WholeImage, o.LabelValues.Count > 0 ? o.LabelValues.ToArray() : null);
    }

    // One tile per micrograph: the whole frame resized. The tile's source is the resized micrograph,
    // so training, validation splits and predictions read the small in-memory copy.
    private IReadOnlyList<Tile> AddWhole(Micrograph micrograph, int label, CancellationToken cancellationToken)
    {
        var resized = WholeImage.Resize(micrograph, Options.Frame, Options.Size, cancellationToken);
        var tile = new Tile(_tiles.Count, resized, 0, new PixelRect(0, 0, Options.Size, Options.Size), label);
        _tiles.Add(tile);
        _sources.Add(resized);
        _progress?.Report(new TilingProgress(micrograph.Name, _sources.Count - 1, 1, 1, _tiles.Count));
        return new[] { tile };
    }

    private int ImageLabel(Micrograph micrograph, string? imageClass)
    {
        if (string.IsNullOrWhiteSpace(imageClass))
        {
            throw new TilingException(micrograph, $"'{Describe(micrograph)}' has no class, which an ImageClass target needs.");
        }
        var names = Options.ClassNames;
        for (int k = 0; k < names.Count; k++)
        {
            if (string.Equals(names[k], imageClass.Trim(), StringComparison.OrdinalIgnoreCase)) return k;
        }
        throw new TilingException(micrograph,
            $"'{Describe(micrograph)}' is of class '{imageClass}', which is not among the classes {string.Join(", ", names)}.");
    }

    // Counted from the grid's origins along each axis before any rectangle or tile is made.
    private void CheckTileCount(Micrograph micrograph)
    {
        var o = Options;
        int stride = o.EffectiveStride;
        long across = o.Centered ? TileGrid.CenteredOrigins(micrograph.Width, o.Size, stride).Count : TileGrid.Origins(micrograph.Width, o.Size, stride, o.EdgePolicy).Count;
        long down = o.Centered ? TileGrid.CenteredOrigins(micrograph.Height, o.Size, stride).Count : TileGrid.Origins(micrograph.Height, o.Size, stride, o.EdgePolicy).Count;
        long total = _tiles.Count + across * down;
        if (total <= MaxTiles) return;
        throw new TooManyTilesException(micrograph, total, MaxTiles,
            $"'{Describe(micrograph)}' ({micrograph.Width}×{micrograph.Height}) would give {across * down:N0} tiles of {o.Size} pixels at stride {stride}, " +
            $"{(_tiles.Count > 0 ? $"{total:N0} with those before it, " : "")}more than the {MaxTiles:N0} one tile set holds. " +
            "Give a larger -Stride, crop the micrograph, or cut it with Split-Micrograph and tile the fields in smaller sets.");
    }

    private static string Describe(Micrograph m) => m.Path ?? m.Name;

    private static PixelRect Clip(PixelRect rect, int width, int height)
    {
        int x0 = Math.Max(rect.X, 0), y0 = Math.Max(rect.Y, 0);
        int x1 = Math.Min(rect.Right, width), y1 = Math.Min(rect.Bottom, height);
        return new PixelRect(x0, y0, Math.Max(0, x1 - x0), Math.Max(0, y1 - y0));
    }

    private Span<float> Read(IPixelSource source, int frame, PixelRect region)
    {
        int samples = checked((int)(region.Area * source.ChannelCount));
        if (_buffer.Length < samples) _buffer = new float[samples];
        var span = _buffer.AsSpan(0, samples);
        source.ReadRegion(frame, region, span);
        return span;
    }

    private double ForegroundFraction(IPixelSource image, int frame, PixelRect rect, float[] background, float[] limit)
    {
        var inside = Clip(rect, image.Width, image.Height);
        int area = (int)inside.Area;
        if (area == 0) return 0;
        var pixels = Read(image, frame, inside);
        // A pixel is foreground when any channel leaves its background band; counted per pixel, so
        // mark pixels channel by channel and count the marks once.
        var marked = _foregroundMarks.Length >= area ? _foregroundMarks : _foregroundMarks = new bool[area];
        Array.Clear(marked, 0, area);
        for (int c = 0; c < image.ChannelCount; c++)
        {
            var plane = pixels.Slice(c * area, area);
            float centre = background[c], band = limit[c];
            for (int p = 0; p < area; p++)
            {
                if (Math.Abs(plane[p] - centre) > band) marked[p] = true;
            }
        }
        int foreground = 0;
        for (int p = 0; p < area; p++)
        {
            if (marked[p]) foreground++;
        }
        return (double)foreground / area;
    }

    private double PositiveFraction(IPixelSource labels, int frame, PixelRect rect, double threshold)
    {
        var inside = Clip(rect, labels.Width, labels.Height);
        int area = (int)inside.Area;
        if (area == 0) return 0;
        var plane = Read(labels, frame, inside)[..area];
        int positive = 0;
        foreach (float v in plane)
        {
            if (v > threshold) positive++;
        }
        return (double)positive / area;
    }

    private int CenterClass(Micrograph micrograph, IPixelSource labels, int frame, PixelRect rect)
    {
        int cx = Math.Clamp(rect.X + rect.Width / 2, 0, labels.Width - 1);
        int cy = Math.Clamp(rect.Y + rect.Height / 2, 0, labels.Height - 1);
        float v = Read(labels, frame, new PixelRect(cx, cy, 1, 1))[0];
        int label = ClassOf(v);
        if (label == LabelCoding.Invalid) throw BadLabel(micrograph, v, cx, cy);
        return label;
    }

    // The class of a label value, LabelCoding.Ignored, or LabelCoding.Invalid. Before K is known
    // (a centre-class target without a count), any whole number from 0 is a class.
    private int ClassOf(float value)
    {
        if (_classCount is int k)
        {
            _coding ??= new LabelCoding(k, Options.IgnoreClass, Options.LabelValues);
            return _coding.ClassOf(value);
        }
        int label = (int)value;
        if (label != value) return LabelCoding.Invalid;
        if (Options.IgnoreClass == label) return LabelCoding.Ignored;
        return label >= 0 ? label : LabelCoding.Invalid;
    }

    private float[][] Histograms(Micrograph micrograph, IPixelSource labels, int frame, PixelRect rect, HistogramCells cells)
    {
        cells.Clear();
        var inside = Clip(rect, labels.Width, labels.Height);
        int width = inside.Width, area = (int)inside.Area;
        if (area > 0)
        {
            var plane = Read(labels, frame, inside)[..area];
            int dx = inside.X - rect.X, dy = inside.Y - rect.Y;
            int grids = cells.GridCount;
            for (int y = 0; y < inside.Height; y++)
            {
                var row = plane.Slice(y * width, width);
                int ty = dy + y;
                for (int x = 0; x < width; x++)
                {
                    float v = row[x];
                    int label = ClassOf(v);
                    if (label < 0)
                    {
                        if (label == LabelCoding.Ignored) continue;
                        throw BadLabel(micrograph, v, inside.X + x, inside.Y + y);
                    }
                    int tx = dx + x;
                    for (int g = 0; g < grids; g++)
                    {
                        cells.Count(g, ty, tx, label);
                    }
                }
            }
        }
        return cells.Normalised();
    }

    private TilingException BadLabel(Micrograph micrograph, float value, int x, int y)
    {
        var pair = micrograph.Pair!;
        string classes = _classCount is int k ? new LabelCoding(k, Options.IgnoreClass, Options.LabelValues).DescribeValues()
            : "whole numbers 0 or more" + (Options.IgnoreClass is int i ? $" or the ignore value {i}" : "");
        return new TilingException(micrograph,
            $"The label image '{Describe(pair)}' of '{Describe(micrograph)}' holds the value " +
            $"{value.ToString(CultureInfo.InvariantCulture)} at ({x}, {y}); the class labels are {classes}.");
    }
}
