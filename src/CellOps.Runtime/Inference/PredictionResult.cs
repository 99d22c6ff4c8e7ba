using CellOps.Imaging.Measurement;
using CellOps.Imaging.Maps;
using CellOps.Runtime.Metrics;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Inference;

/// <summary>What a model made of one tile set: per tile, per micrograph, and, for labelled tiles, how right it was.</summary>
public sealed class PredictionResult : IProbabilityMapSource
{
    private readonly IReadOnlyList<Tile> _sourceTiles;
    private readonly IReadOnlyList<string> _classNames;
    private readonly MapFootprint _footprint;
    // Parallel to Micrographs: each summary's micrograph and the indices of its tiles.
    private readonly Micrograph[] _micrographSources;
    private readonly int[][] _micrographTiles;
    private IReadOnlyList<GroupSummary>? _groups;

    private PredictionResult(string model, IReadOnlyList<TilePrediction> tiles, IReadOnlyList<MicrographSummary> micrographs,
        ClassificationReport? evaluation, bool complete, IReadOnlyList<Tile> sourceTiles, IReadOnlyList<string> classNames, MapFootprint footprint,
        Micrograph[] micrographSources, int[][] micrographTiles)
    {
        _micrographSources = micrographSources;
        _micrographTiles = micrographTiles;
        _sourceTiles = sourceTiles;
        _classNames = classNames;
        _footprint = footprint;
        Model = model;
        Tiles = tiles;
        Micrographs = micrographs;
        Evaluation = evaluation;
        Complete = complete;
    }

    /// <summary>The model (PluginId.ModelName).</summary>
    public string Model { get; }

    /// <summary>Number of tiles predicted.</summary>
    public int Count => Tiles.Count;

    /// <summary>Per-tile predictions, in tile-set order.</summary>
    public IReadOnlyList<TilePrediction> Tiles { get; }

    /// <summary>Per-micrograph summaries, in source order.</summary>
    public IReadOnlyList<MicrographSummary> Micrographs { get; }

    /// <summary>Accuracy, precision, recall, F1, ROC AUC and confusion matrix where every tile is labelled; else null.</summary>
    public ClassificationReport? Evaluation { get; }

    /// <summary>Class names, index = class.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>
    /// Per-class IoU and Dice of the dense map against the micrographs' label images, over every
    /// micrograph together; null where the predictions were not scored (no label images, or not a
    /// model trained on them). Each micrograph's own scores are in <see cref="MicrographSummary.Segmentation"/>.
    /// </summary>
    public SegmentationReport? Segmentation { get; private init; }

    /// <summary>How the model's training label images coded classes (what its maps are scored against); null for other models.</summary>
    public LabelCoding? LabelCoding { get; private init; }

    /// <summary>What each prediction speaks for on the map: the whole tile, its central block, or its grid cells.</summary>
    public string MapCoverage => _footprint.ToString();

    /// <summary>False where the run was stopped before every tile was predicted.</summary>
    public bool Complete { get; }

    /// <summary>Share of tiles predicted positive over all micrographs.</summary>
    public double PositiveFraction => Count == 0 ? 0 : (double)Micrographs.Sum(m => m.PositiveTiles) / Count;

    /// <summary>
    /// Pearson's r between the predicted efficiency by tile count (<see cref="MicrographSummary.PositiveFraction"/>)
    /// and the measured efficiency, over the micrographs that have both; null with fewer than two, or no spread.
    /// </summary>
    public double? EfficiencyCorrelation => Inference.EfficiencyCorrelation.ByTiles(Micrographs);

    /// <summary>
    /// Pearson's r between the predicted positive area (<see cref="MicrographSummary.PositiveArea"/>) and the
    /// measured efficiency, over the micrographs that have both; null with fewer than two, or no spread.
    /// </summary>
    public double? AreaCorrelation => Inference.EfficiencyCorrelation.ByArea(Micrographs);

    /// <summary>
    /// Per group of micrographs (<see cref="MicrographSummary.Group"/>: by default their time point), in key order:
    /// tile metrics, predicted and measured efficiency and their correlation over that group's micrographs; empty
    /// where no micrograph has a group.
    /// </summary>
    public IReadOnlyList<GroupSummary> Groups => _groups ??= GroupEvaluation.Compute([this]);

    /// <summary>
    /// What <see cref="Groups"/> are keyed by, for tables and figures: the metadata entry's name (by default
    /// <see cref="TimePointMetadata.DefaultKey"/>) or the caller's description of a computed key.
    /// </summary>
    public string GroupedBy { get; private init; } = TimePointMetadata.DefaultKey;

    /// <summary>Assembles the result of a prediction pass over <paramref name="tiles"/>.</summary>
    /// <param name="model">The model (PluginId.ModelName).</param>
    /// <param name="tiles">The tiles, in the order they were predicted.</param>
    /// <param name="output">The pass's probabilities.</param>
    /// <param name="classNames">Class names, index = class.</param>
    /// <param name="measure">
    /// Measures a micrograph's efficiency from its pair (see <see cref="MicrographSummary.MeasuredEfficiency"/>);
    /// returns null where it cannot. Null: nothing is measured.
    /// </param>
    /// <param name="footprint">What each prediction covers on the map; by default the whole tile, or the cells of a dense output.</param>
    /// <param name="labelCoding">How the model's label images code classes, kept for later scoring and figures; or null.</param>
    /// <param name="truth">
    /// Reads each micrograph's true classes whole (see <see cref="SegmentationTruth.Read"/>) to score the map against; returns null
    /// where it cannot. Null: the map is not scored. For whole slides, score by rows instead: <see cref="ScoredAgainst"/>.
    /// </param>
    /// <param name="group">
    /// Reads each micrograph's group key (see <see cref="MicrographSummary.Group"/>); null or blank where it has none.
    /// Null: the <see cref="TimePointMetadata.DefaultKey"/> metadata entry.
    /// </param>
    /// <param name="groupedBy">What <paramref name="group"/> reads, for tables and figures (see <see cref="GroupedBy"/>).</param>
    /// <param name="maps">
    /// The maps, one per micrograph in source order, where they were built while prediction ran (a dense
    /// model's cells streamed into them, <see cref="MapStream"/>) rather than from cells kept in the output;
    /// the result keeps them and hands out shared copies.
    /// </param>
    public static PredictionResult Create(string model, IReadOnlyList<Tile> tiles, PredictionOutput output, IReadOnlyList<string> classNames,
        Func<Micrograph, double?>? measure = null, MapFootprint? footprint = null, Func<Micrograph, byte[]?>? truth = null,
        LabelCoding? labelCoding = null, Func<Micrograph, string?>? group = null, string? groupedBy = null,
        IReadOnlyList<ProbabilityMap>? maps = null)
    {
        var groupOf = group ?? TimePointMetadata.Reader(TimePointMetadata.DefaultKey);
        var cover = footprint ?? (output.Cells is not null || (maps is not null && output.Grid > 0) ? MapFootprint.Cells(output.Grid) : MapFootprint.WholeTile);
        if (cover.Grid > 0 && maps is null && (output.Cells is null || output.Grid != cover.Grid))
            throw new ArgumentException($"A footprint of {cover.Grid}×{cover.Grid} cells needs the cells of a dense output, or the maps built from them.", nameof(footprint));
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(output);
        int k = output.ClassCount, done = output.Completed;
        var predictions = new TilePrediction[done];
        for (int i = 0; i < done; i++)
        {
            var tile = tiles[i];
            int predicted = output.PredictedClass(i);
            predictions[i] = new TilePrediction(tile.Source.Name, tile.Index, tile.Rect, predicted,
                predicted < classNames.Count ? classNames[predicted] : predicted.ToString(System.Globalization.CultureInfo.InvariantCulture),
                output.Probabilities.AsSpan(i * k, k).ToArray(), tile.Label >= 0 ? tile.Label : null);
        }

        var summaries = new List<MicrographSummary>();
        var sources = new List<Micrograph>();
        var tilesOf = new List<int[]>();
        foreach (var ofSource in Enumerable.Range(0, done).GroupBy(i => tiles[i].Source, ReferenceEqualityComparer.Instance))
        {
            var indices = ofSource.ToArray();
            var source = (Micrograph)ofSource.Key!;
            int positive = indices.Count(i => predictions[i].PredictedClass != 0);
            double meanPositive = indices.Average(i => 1.0 - output.Probabilities[i * k]);
            double? area = PositiveArea.Estimate(source.Width, source.Height, k,
                indices.Select(i => (tiles[i].Rect, (float[])predictions[i].Probabilities)));
            double? labelled = indices.All(i => tiles[i].Label >= 0)
                ? (double)indices.Count(i => tiles[i].Label != 0) / indices.Length
                : null;
            double? measured = source.Pair is not null && measure is not null ? measure(source) : null;
            summaries.Add(new MicrographSummary(source.Name, indices.Length, positive,
                (double)positive / indices.Length, meanPositive, area, labelled, measured)
            {
                Group = TimePointMetadata.Normalize(groupOf(source)),
            });
            sources.Add(source);
            tilesOf.Add(indices);
        }

        ClassificationReport? evaluation = null;
        if (done == output.Count && done > 0 && output.FullyLabelled)
        {
            evaluation = ClassificationMetrics.Compute(output.Probabilities, output.Labels, k, classNames);
        }
        var names = Enumerable.Range(0, k)
            .Select(c => c < classNames.Count ? classNames[c] : c.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        if (maps is not null && (maps.Count != sources.Count || maps.Where((m, i) => m.Source != sources[i] || m.ClassCount != k).Any()))
            throw new ArgumentException($"The maps must be those of the predicted micrographs, one each, in order, of {k} classes.", nameof(maps));
        var result = new PredictionResult(model, predictions, summaries, evaluation, done == output.Count, tiles, names, cover,
            sources.ToArray(), tilesOf.ToArray())
        {
            Cells = output.Cells,
            Maps = maps?.ToArray(),
            LabelCoding = labelCoding,
            GroupedBy = groupedBy ?? TimePointMetadata.DefaultKey,
        };
        return truth is null || k < 2 ? result : result.ScoredAgainst(ByRows(truth));
    }

    /// <summary>
    /// A copy of this result with each micrograph's map scored against its true classes (per-class IoU and Dice
    /// in <see cref="MicrographSummary.Segmentation"/>, all of them together in <see cref="Segmentation"/>);
    /// micrographs without truth keep their summaries as they are. Maps are built and truths read one
    /// micrograph at a time, a band of rows at a time, so neither is ever held whole.
    /// </summary>
    /// <param name="truth">
    /// Opens a micrograph's true classes (see <see cref="SegmentationTruth.Open"/>), of its size; null where it has none.
    /// Each is disposed once its micrograph is scored.
    /// </param>
    /// <param name="unreadable">
    /// Told of a micrograph whose truth turned out unreadable while it was opened or read: a
    /// <see cref="MicrographReadException"/>, an <see cref="ArgumentException"/> (a label value that is no class, or a
    /// label image of another size) or an <see cref="OperationCanceledException"/>. That micrograph is left
    /// unscored and the others are scored. Null: such exceptions propagate.
    /// </param>
    /// <returns>The scored copy; this result itself where it has fewer than two classes or nothing could be scored.</returns>
    /// <exception cref="ArgumentException">Truth of another size than its micrograph.</exception>
    public PredictionResult ScoredAgainst(Func<Micrograph, TruthRows?> truth, Action<Micrograph, Exception>? unreadable = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        if (_classNames.Count < 2) return this;
        var summaries = Micrographs.ToArray();
        var reports = new List<SegmentationReport>();
        int m = 0;
        foreach (var built in ToProbabilityMaps())
        {
            using var map = built;
            while (m < summaries.Length && summaries[m].Micrograph != map.Micrograph) m++;
            if (m == summaries.Length) break;
            if (Score(map, truth, unreadable) is { } report)
            {
                summaries[m] = summaries[m] with { Segmentation = report };
                reports.Add(report);
            }
            m++;
        }
        // Confusions add up: all micrographs together score as one image would, without holding their maps at once.
        return reports.Count == 0 ? this : With(summaries, SegmentationMetrics.Merge(reports));
    }

    // One micrograph's map against its true classes, a band of rows at a time; null where it has no truth, or its truth failed.
    private SegmentationReport? Score(ProbabilityMap map, Func<Micrograph, TruthRows?> truth, Action<Micrograph, Exception>? unreadable)
    {
        TruthRows? rows;
        try
        {
            rows = truth(map.Source);
        }
        catch (Exception ex) when (unreadable is not null && IsUnreadable(ex))
        {
            unreadable(map.Source, ex);
            return null;
        }
        if (rows is null) return null;
        using (rows)
        {
            if (rows.Width != map.Width || rows.Height != map.Height)
                throw new ArgumentException($"The true classes of {map.Micrograph} are {rows.Width}×{rows.Height}; the map is {map.Width}×{map.Height}.");
            var bands = new List<SegmentationReport>();
            byte[]? labels = null, classes = null;
            foreach (var (top, count) in map.Bands())
            {
                int n = map.Width * count;
                labels ??= new byte[n];
                classes ??= new byte[n];
                map.LabelRows(top, count, labels);
                try
                {
                    rows.ReadRows(top, count, classes);
                }
                catch (Exception ex) when (unreadable is not null && IsUnreadable(ex))
                {
                    unreadable(map.Source, ex);
                    return null;
                }
                bands.Add(SegmentationMetrics.Compute(labels.AsSpan(0, n), classes.AsSpan(0, n), _classNames.Count, SegmentationTruth.Ignored, _classNames));
            }
            return SegmentationMetrics.Merge(bands);
        }
    }

    private static bool IsUnreadable(Exception ex) => ex is MicrographReadException or ArgumentException or OperationCanceledException;

    // Whole arrays of true classes (small images, tests) are read by rows like a label image.
    private static Func<Micrograph, TruthRows?> ByRows(Func<Micrograph, byte[]?> truth) => micrograph =>
    {
        if (truth(micrograph) is not { } classes) return null;
        long pixels = (long)micrograph.Width * micrograph.Height;
        if (classes.LongLength != pixels)
            throw new ArgumentException($"The true classes of {micrograph.Name} hold {classes.LongLength} pixels; the map has {pixels}.");
        return TruthRows.FromClasses(classes, micrograph.Width, micrograph.Height);
    };

    /// <summary>
    /// A copy of this result whose micrographs take their group keys from <paramref name="group"/> (null or blank
    /// where one has none), so <see cref="Groups"/> groups them by it; everything else is kept.
    /// </summary>
    /// <param name="group">Reads each micrograph's key.</param>
    /// <param name="groupedBy">What <paramref name="group"/> reads, for tables and figures (see <see cref="GroupedBy"/>).</param>
    public PredictionResult WithGroups(Func<Micrograph, string?> group, string groupedBy)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentException.ThrowIfNullOrWhiteSpace(groupedBy);
        var summaries = Micrographs.Select((m, i) => m with { Group = TimePointMetadata.Normalize(group(_micrographSources[i])) }).ToArray();
        return With(summaries, Segmentation, groupedBy);
    }

    // Each micrograph's summary with its tile predictions, for evaluations over parts of the result.
    internal IEnumerable<(MicrographSummary Summary, IReadOnlyList<TilePrediction> Tiles)> TilesByMicrograph() =>
        Micrographs.Select((m, i) => (m, (IReadOnlyList<TilePrediction>)_micrographTiles[i].Select(t => Tiles[t]).ToArray()));

    private PredictionResult With(IReadOnlyList<MicrographSummary> summaries, SegmentationReport? segmentation, string? groupedBy = null) =>
        new(Model, Tiles, summaries, Evaluation, Complete, _sourceTiles, _classNames, _footprint, _micrographSources, _micrographTiles)
        {
            Cells = Cells,
            Maps = Maps,
            LabelCoding = LabelCoding,
            Segmentation = segmentation,
            GroupedBy = groupedBy ?? GroupedBy,
        };

    // For dense models: the finest grid's cell distributions per tile (see PredictionOutput.Cells).
    private float[]? Cells { get; init; }

    // For dense models on whole slides: the maps built while prediction ran, in source order (the cells were not kept).
    private ProbabilityMap[]? Maps { get; init; }

    /// <summary>Whether the maps were built while prediction ran, so the per-tile cells were not kept (whole slides).</summary>
    public bool MapsBuilt => Maps is not null;

    // What PredictionFile saves beside the public properties, and rebuilds a result from.
    internal MapFootprint Footprint => _footprint;
    internal float[]? CellValues => Cells;
    internal IReadOnlyList<Tile> SourceTiles => _sourceTiles;
    internal IReadOnlyList<int[]> MicrographTiles => _micrographTiles;

    internal static PredictionResult Restore(string model, IReadOnlyList<TilePrediction> tiles, IReadOnlyList<MicrographSummary> micrographs,
        ClassificationReport? evaluation, bool complete, IReadOnlyList<Tile> sourceTiles, IReadOnlyList<string> classNames, MapFootprint footprint,
        Micrograph[] sources, int[][] micrographTiles, float[]? cells, LabelCoding? labelCoding, SegmentationReport? segmentation, string groupedBy) =>
        new(model, tiles, micrographs, evaluation, complete, sourceTiles, classNames, footprint, sources, micrographTiles)
        {
            Cells = cells,
            LabelCoding = labelCoding,
            Segmentation = segmentation,
            GroupedBy = groupedBy,
        };

    /// <summary>The micrographs the predicted tiles came from, in source order.</summary>
    public IReadOnlyList<Micrograph> Sources => _micrographSources;

    /// <summary>
    /// Maps of more pixels than this (4096 × 4096) are assembled band by band into a temporary file rather
    /// than in memory, so a whole slide's map costs a band's memory, not the slide's.
    /// </summary>
    public const long InMemoryMapPixels = 1L << 24;

    /// <summary>
    /// Lays the tile probabilities back over each micrograph: every pixel gets the blend of the tiles that
    /// cover it (see <see cref="MapAssembler"/>). Maps are built one at a time as the sequence is read; a large
    /// one lies on disk (<see cref="ProbabilityMap.OnDisk"/>) until it is disposed.
    /// </summary>
    public IEnumerable<ProbabilityMap> ToProbabilityMaps() => ToProbabilityMaps(InMemoryMapPixels);

    /// <summary>As <see cref="ToProbabilityMaps()"/>, with maps of more than <paramref name="inMemoryPixels"/> pixels built on disk.</summary>
    public IEnumerable<ProbabilityMap> ToProbabilityMaps(long inMemoryPixels)
    {
        if (_classNames.Count == 0) yield break;
        if (Maps is not null)
        {
            foreach (var map in Maps) yield return map.Share();
            yield break;
        }
        var bySource = Enumerable.Range(0, Tiles.Count).GroupBy(i => _sourceTiles[i].Source, ReferenceEqualityComparer.Instance);
        foreach (var group in bySource)
        {
            var source = (Micrograph)group.Key!;
            var tiles = group.ToArray();
            if ((long)source.Width * source.Height <= inMemoryPixels)
            {
                var assembler = new MapAssembler(source.Width, source.Height, _classNames.Count);
                foreach (int i in tiles) AddTile(assembler, i);
                yield return assembler.Build(source, _classNames);
            }
            else
            {
                yield return BuildOnDisk(source, tiles);
            }
        }
    }

    // Tiles top to bottom into a map stream, which writes rows out as soon as no later tile can reach them.
    private ProbabilityMap BuildOnDisk(Micrograph source, int[] tiles)
    {
        var placed = tiles.Select(i => (Index: i, Rect: Placement(i))).OrderBy(t => t.Rect.Y).ToArray();
        int tallest = placed.Length == 0 ? 1 : placed.Max(t => t.Rect.Height);
        using var stream = new MapStream(source.Width, source.Height, _classNames.Count, tallest, inMemoryPixels: 0);
        foreach (var (index, rect) in placed) AddTile(stream, index, rect);
        return stream.Finish(source, _classNames);
    }

    // Where tile i's prediction lands on the map: its whole tile (also for a dense model's cells) or its central block.
    private PixelRect Placement(int i)
    {
        var rect = _sourceTiles[i].Rect;
        return _footprint.Grid == 0 && _footprint.Block > 0 ? MapFootprint.CentralBlock(rect, _footprint.Block) : rect;
    }

    private void AddTile(MapAssembler assembler, int i)
    {
        if (_footprint.Grid > 0) assembler.Add(Placement(i), CellsOf(i), _footprint.Grid);
        else assembler.Add(Placement(i), DistributionOf(i));
    }

    private void AddTile(MapStream stream, int i, PixelRect placement)
    {
        if (_footprint.Grid > 0) stream.Add(placement, CellsOf(i), _footprint.Grid);
        else stream.Add(placement, DistributionOf(i));
    }

    private ReadOnlySpan<float> CellsOf(int i)
    {
        int perTile = _footprint.Grid * _footprint.Grid * _classNames.Count;
        return Cells.AsSpan(i * perTile, perTile);
    }

    private ReadOnlySpan<float> DistributionOf(int i) => Tiles[i].Probabilities as float[] ?? Tiles[i].Probabilities.ToArray();

    /// <inheritdoc />
    public override string ToString() =>
        Segmentation is not null ? $"{Model}: {Count} tiles, {Segmentation}"
        : Evaluation is null ? $"{Model}: {Count} tiles, {PositiveFraction:P1} positive" : $"{Model}: {Count} tiles, {Evaluation}";
}
