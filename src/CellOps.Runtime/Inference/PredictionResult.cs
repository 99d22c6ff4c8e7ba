using CellOps.Runtime.Maps;
using CellOps.Runtime.Metrics;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Inference;

/// <summary>What a model made of one tile set: per tile, per micrograph, and, for labelled tiles, how right it was.</summary>
public sealed class PredictionResult : IProbabilityMapSource
{
    private readonly IReadOnlyList<Tile> _sourceTiles;
    private readonly IReadOnlyList<string> _classNames;

    private PredictionResult(string model, IReadOnlyList<TilePrediction> tiles, IReadOnlyList<MicrographSummary> micrographs,
        ClassificationReport? evaluation, bool complete, IReadOnlyList<Tile> sourceTiles, IReadOnlyList<string> classNames)
    {
        _sourceTiles = sourceTiles;
        _classNames = classNames;
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

    /// <summary>Assembles the result of a prediction pass over <paramref name="tiles"/>.</summary>
    /// <param name="model">The model (PluginId.ModelName).</param>
    /// <param name="tiles">The tiles, in the order they were predicted.</param>
    /// <param name="output">The pass's probabilities.</param>
    /// <param name="classNames">Class names, index = class.</param>
    /// <param name="measure">
    /// Measures a micrograph's efficiency from its pair (see <see cref="MicrographSummary.MeasuredEfficiency"/>);
    /// returns null where it cannot. Null: nothing is measured.
    /// </param>
    public static PredictionResult Create(string model, IReadOnlyList<Tile> tiles, PredictionOutput output, IReadOnlyList<string> classNames,
        Func<Micrograph, double?>? measure = null)
    {
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
        foreach (var group in Enumerable.Range(0, done).GroupBy(i => tiles[i].Source, ReferenceEqualityComparer.Instance))
        {
            var indices = group.ToArray();
            var source = (Micrograph)group.Key!;
            int positive = indices.Count(i => predictions[i].PredictedClass != 0);
            double meanPositive = indices.Average(i => 1.0 - output.Probabilities[i * k]);
            double? area = PositiveArea.Estimate(source.Width, source.Height, k,
                indices.Select(i => (tiles[i].Rect, (float[])predictions[i].Probabilities)));
            double? labelled = indices.All(i => tiles[i].Label >= 0)
                ? (double)indices.Count(i => tiles[i].Label != 0) / indices.Length
                : null;
            double? measured = source.Pair is not null && measure is not null ? measure(source) : null;
            summaries.Add(new MicrographSummary(source.Name, indices.Length, positive,
                (double)positive / indices.Length, meanPositive, area, labelled, measured));
        }

        ClassificationReport? evaluation = null;
        if (done == output.Count && done > 0 && output.FullyLabelled)
        {
            evaluation = ClassificationMetrics.Compute(output.Probabilities, output.Labels, k, classNames);
        }
        var names = Enumerable.Range(0, k)
            .Select(c => c < classNames.Count ? classNames[c] : c.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        return new PredictionResult(model, predictions, summaries, evaluation, done == output.Count, tiles, names);
    }

    /// <summary>The micrographs the predicted tiles came from, in source order.</summary>
    public IReadOnlyList<Micrograph> Sources =>
        _sourceTiles.Take(Tiles.Count).Select(t => t.Source).Distinct(ReferenceEqualityComparer.Instance).Cast<Micrograph>().ToArray();

    /// <summary>
    /// Lays the tile probabilities back over each micrograph: every pixel gets the blend of the
    /// tiles that cover it (see <see cref="MapAssembler"/>).
    /// </summary>
    public IEnumerable<ProbabilityMap> ToProbabilityMaps()
    {
        if (_classNames.Count == 0) yield break;
        var bySource = Enumerable.Range(0, Tiles.Count).GroupBy(i => _sourceTiles[i].Source, ReferenceEqualityComparer.Instance);
        foreach (var group in bySource)
        {
            var source = (Micrograph)group.Key!;
            var assembler = new MapAssembler(source.Width, source.Height, _classNames.Count);
            foreach (int i in group)
            {
                var probabilities = Tiles[i].Probabilities as float[] ?? Tiles[i].Probabilities.ToArray();
                assembler.Add(_sourceTiles[i].Rect, probabilities);
            }
            yield return assembler.Build(source, _classNames);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        Evaluation is null ? $"{Model}: {Count} tiles, {PositiveFraction:P1} positive" : $"{Model}: {Count} tiles, {Evaluation}";
}
