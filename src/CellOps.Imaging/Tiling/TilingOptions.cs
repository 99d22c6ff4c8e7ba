using CellOps.Sdk.Tiling;

namespace CellOps.Imaging.Tiling;

/// <summary>How micrographs are cut into tiles and what the tiles are labelled with.</summary>
/// <param name="Size">Tile width and height in pixels.</param>
public sealed record TilingOptions(int Size)
{
    /// <summary>Distance between neighbouring tile origins; null means <see cref="Size"/> less
    /// <see cref="Overlap"/> (or <see cref="Size"/> when no overlap is given). May exceed the size, leaving gaps.</summary>
    public int? Stride { get; init; }

    /// <summary>Pixels shared by neighbouring tiles; the stride becomes Size − Overlap. 0 ≤ Overlap &lt; Size.</summary>
    public int? Overlap { get; init; }

    /// <summary>What happens where the grid does not fit the image; see <see cref="TileGrid"/>.</summary>
    public EdgePolicy EdgePolicy { get; init; } = EdgePolicy.Drop;

    /// <summary>The frame tiles are cut from. A pair with fewer frames supplies its first frame.</summary>
    public int Frame { get; init; }

    /// <summary>What each tile is labelled with, from the micrograph's pair.</summary>
    public TileTarget Target { get; init; } = TileTarget.None;

    /// <summary>For <see cref="TileTarget.Label"/>: pair values above this are positive; null means
    /// Otsu's threshold over each whole pair image.</summary>
    public double? Threshold { get; init; }

    /// <summary>For <see cref="TileTarget.Label"/>: a tile is labelled 1 when its positive area fraction
    /// (of the tile's pixels inside the image) is at least this.</summary>
    public double AreaFraction { get; init; } = 0.5;

    /// <summary>
    /// For <see cref="TileTarget.ClassHistogram"/>: the grid sizes r, each 1 ≤ r ≤ <see cref="Size"/>.
    /// Cell i of r along an axis covers tile pixels ⌊i·Size/r⌋ up to ⌊(i+1)·Size/r⌋ (exclusive), so
    /// the cells are equal when r divides the size and differ by at most one pixel otherwise.
    /// Only pixels inside the image are counted, so a cell of a padded edge tile that lies wholly
    /// past the image is all zeros, like a cell of ignored pixels.
    /// </summary>
    public IReadOnlyList<int> Grids { get; init; } = Array.Empty<int>();

    /// <summary>Number of classes K of a label pair (<see cref="TileTarget.CenterClass"/>,
    /// <see cref="TileTarget.ClassHistogram"/>); null means derive it (see <see cref="TileSetBuilder.ScanClassCount"/>).</summary>
    public int? ClassCount { get; init; }

    /// <summary>A label value that is not a class: left out of histograms, and tiles centred on it
    /// are dropped for <see cref="TileTarget.CenterClass"/>.</summary>
    public int? IgnoreClass { get; init; }

    /// <summary>
    /// For <see cref="TileTarget.CenterClass"/> and <see cref="TileTarget.ClassHistogram"/>: the label-image
    /// values of classes 0 to K − 1 in order (e.g. 0 and 255 for a mask); empty where the values are the
    /// class indices. Setting them sets K.
    /// </summary>
    public IReadOnlyList<int> LabelValues { get; init; } = Array.Empty<int>();

    /// <summary>
    /// Tiles are placed so that their centres lie on the grid: centre i of an axis is at
    /// stride/2 + i·stride, for every centre inside the image, so each tile's central stride×stride
    /// block covers its part of the image exactly once and tiles near the edges reach past it (read
    /// under <see cref="EdgePolicy"/>, which must then be Pad or Reflect). How dense predictions cover a whole image.
    /// </summary>
    public bool Centered { get; init; }

    /// <summary>When set, tiles whose foreground fraction is smaller are dropped. A pixel is
    /// foreground when any of its channels differs from that channel's background (its median over
    /// the micrograph) by more than <see cref="ForegroundSigmas"/> robust standard deviations
    /// (1.4826 × MAD).</summary>
    public double? ForegroundFraction { get; init; }

    /// <summary>
    /// Each micrograph becomes one tile: the whole image resized to <see cref="Size"/> × <see cref="Size"/>
    /// by bilinear interpolation, every channel kept (see <see cref="WholeImage"/>). For cell crops,
    /// which are read whole; stride, overlap, edge policy and foreground filtering do not apply.
    /// </summary>
    public bool WholeImage { get; init; }

    /// <summary>For <see cref="TileTarget.ImageClass"/>: the class names, index = label; each micrograph's
    /// class (given to <see cref="TileSetBuilder.Add(CellOps.Sdk.Imaging.Micrograph, string?, CancellationToken)"/>)
    /// must be one of them, ignoring case.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = Array.Empty<string>();

    /// <summary>How many robust standard deviations from the background make a pixel foreground.</summary>
    public double ForegroundSigmas { get; init; } = 3.0;

    /// <summary>The stride in effect: <see cref="Stride"/>, else Size − <see cref="Overlap"/>, else <see cref="Size"/>.</summary>
    public int EffectiveStride => Stride ?? (Overlap is int o ? Size - o : Size);

    /// <summary>Checks the options for consistency.</summary>
    /// <exception cref="ArgumentException">An option is out of range or contradicts another; the message says which.</exception>
    public void Validate()
    {
        if (Size <= 0) throw new ArgumentException($"The tile size must be positive, not {Size}.", nameof(Size));
        if (Overlap is int overlap)
        {
            if (overlap < 0 || overlap >= Size)
            {
                throw new ArgumentException($"The overlap must be at least 0 and less than the tile size {Size}, not {overlap}.", nameof(Overlap));
            }
            if (Stride is int s && s != Size - overlap)
            {
                throw new ArgumentException($"A stride of {s} and an overlap of {overlap} contradict each other for tiles of {Size}; give one of them.", nameof(Stride));
            }
        }
        if (Stride is int stride && stride <= 0) throw new ArgumentException($"The stride must be positive, not {stride}.", nameof(Stride));
        if (Frame < 0) throw new ArgumentException($"The frame must not be negative, not {Frame}.", nameof(Frame));
        if (!Enum.IsDefined(EdgePolicy)) throw new ArgumentException($"Unknown edge policy {EdgePolicy}.", nameof(EdgePolicy));
        if (!Enum.IsDefined(Target)) throw new ArgumentException($"Unknown target {Target}.", nameof(Target));
        if (Threshold is double t && !double.IsFinite(t)) throw new ArgumentException("The threshold must be a finite number.", nameof(Threshold));
        if (!(AreaFraction >= 0 && AreaFraction <= 1)) throw new ArgumentException($"The area fraction must lie in [0, 1], not {AreaFraction}.", nameof(AreaFraction));
        if (ForegroundFraction is double f && !(f >= 0 && f <= 1))
        {
            throw new ArgumentException($"The foreground fraction must lie in [0, 1], not {f}.", nameof(ForegroundFraction));
        }
        if (!(ForegroundSigmas >= 0) || double.IsInfinity(ForegroundSigmas))
        {
            throw new ArgumentException($"The foreground sigmas must be a non-negative number, not {ForegroundSigmas}.", nameof(ForegroundSigmas));
        }
        if (ClassCount is int k && k <= 0) throw new ArgumentException($"The class count must be positive, not {k}.", nameof(ClassCount));
        if (WholeImage)
        {
            if (Target is not (TileTarget.None or TileTarget.ImageClass))
            {
                throw new ArgumentException($"Whole-image tiles take the micrograph's class (ImageClass) or no target, not {Target}.", nameof(Target));
            }
            if (ForegroundFraction is not null) throw new ArgumentException("Whole-image tiles are never dropped for their foreground fraction.", nameof(ForegroundFraction));
            if (EdgePolicy != EdgePolicy.Drop) throw new ArgumentException("Whole-image tiles have no edges to handle: leave the edge policy at Drop.", nameof(EdgePolicy));
            if (Stride is not null || Overlap is not null) throw new ArgumentException("Whole-image tiles have no grid: give no stride or overlap.", nameof(Stride));
        }
        if (Target == TileTarget.ImageClass)
        {
            if (ClassNames is null || ClassNames.Count == 0) throw new ArgumentException("An image-class target needs the class names.", nameof(ClassNames));
            if (ClassNames.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("A class name is empty.", nameof(ClassNames));
            var twice = ClassNames.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null) throw new ArgumentException($"The class '{twice.Key}' is named twice.", nameof(ClassNames));
        }
        if (LabelValues.Count > 0)
        {
            if (Target is not (TileTarget.CenterClass or TileTarget.ClassHistogram))
                throw new ArgumentException($"Label values name the classes of a label image (CenterClass or ClassHistogram targets), not of a {Target} target.", nameof(LabelValues));
            if (ClassCount is int count && count != LabelValues.Count)
                throw new ArgumentException($"{LabelValues.Count} label values for {count} classes.", nameof(LabelValues));
            _ = new LabelCoding(LabelValues.Count, IgnoreClass, LabelValues);
        }
        if (Target is TileTarget.CenterClass or TileTarget.ClassHistogram && ClassNames.Count > 0)
        {
            int? classes = LabelValues.Count > 0 ? LabelValues.Count : ClassCount;
            if (classes is null) throw new ArgumentException("Class names for a label image need the class count or the label values.", nameof(ClassNames));
            if (ClassNames.Count != classes) throw new ArgumentException($"{ClassNames.Count} class names for {classes} classes.", nameof(ClassNames));
        }
        if (Centered)
        {
            if (EdgePolicy is not (EdgePolicy.Pad or EdgePolicy.Reflect))
                throw new ArgumentException($"Centred tiles reach past the image at its edges: use the Pad or Reflect edge policy, not {EdgePolicy}.", nameof(EdgePolicy));
            if (WholeImage) throw new ArgumentException("Whole-image tiles have no grid to centre.", nameof(Centered));
        }
        if (Target == TileTarget.ClassHistogram)
        {
            if (Grids is null || Grids.Count == 0) throw new ArgumentException("A class-histogram target needs at least one grid size.", nameof(Grids));
            foreach (int r in Grids)
            {
                if (r < 1 || r > Size) throw new ArgumentException($"Grid size {r} must lie between 1 and the tile size {Size}.", nameof(Grids));
            }
        }
    }
}
