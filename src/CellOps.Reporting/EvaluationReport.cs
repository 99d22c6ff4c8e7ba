using CellOps.Runtime.Inference;
using CellOps.Imaging.Maps;
using CellOps.Runtime.Metrics;
using CellOps.Runtime.Training;

namespace CellOps.Reporting;

/// <summary>
/// The numbers behind an evaluation report: how well a model classified labelled tiles (ROC curves,
/// confusion matrix), how it trained (per-epoch metrics), and how its predicted efficiency per
/// micrograph compares with the measured one, over all micrographs and per time point.
/// </summary>
public sealed class EvaluationReport
{
    private EvaluationReport(string model, ClassificationReport? classification, IReadOnlyList<ClassRocCurve> rocCurves,
        IReadOnlyList<MicrographSummary> micrographs, IReadOnlyList<EpochRecord> epochs, IReadOnlyList<StainScore> stains)
    {
        Stains = stains;
        var scored = stains.Where(s => s.Iou is not null).ToArray();
        MeanStainIou = scored.Length == 0 ? null : scored.Average(s => s.Iou!.Value);
        Model = model;
        Classification = classification;
        RocCurves = rocCurves;
        Micrographs = micrographs;
        Epochs = epochs;
        EfficiencyCorrelation = Runtime.Inference.EfficiencyCorrelation.ByTiles(micrographs);
        AreaCorrelation = Runtime.Inference.EfficiencyCorrelation.ByArea(micrographs);
    }

    /// <summary>The model (PluginId.ModelName).</summary>
    public string Model { get; }

    /// <summary>Scores of the labelled tiles; null where some tile had no label.</summary>
    public ClassificationReport? Classification { get; }

    /// <summary>Two classes: the curve of class 1. More: one-vs-rest per class with both positives and negatives.</summary>
    public IReadOnlyList<ClassRocCurve> RocCurves { get; }

    /// <summary>Per-micrograph predicted and measured efficiencies.</summary>
    public IReadOnlyList<MicrographSummary> Micrographs { get; }

    /// <summary>Per-epoch training metrics; empty where no trained model was given.</summary>
    public IReadOnlyList<EpochRecord> Epochs { get; }

    /// <summary>Pearson's r of predicted (tile share) against measured efficiency.</summary>
    public double? EfficiencyCorrelation { get; }

    /// <summary>Per micrograph with a pair (two-class models): the virtual stain against the binarized pair.</summary>
    public IReadOnlyList<StainScore> Stains { get; }

    /// <summary>Mean stain IoU over <see cref="Stains"/>; null where none could be scored.</summary>
    public double? MeanStainIou { get; }

    /// <summary>
    /// Per-class IoU and Dice of the dense maps against the label images, over every scored micrograph of
    /// every result together; null where no result was scored. Per micrograph: <see cref="MicrographSummary.Segmentation"/>.
    /// </summary>
    public SegmentationReport? Segmentation { get; private init; }

    /// <summary>Pearson's r of predicted positive area against measured efficiency.</summary>
    public double? AreaCorrelation { get; }

    /// <summary>
    /// Per group of the micrographs (<see cref="MicrographSummary.Group"/>: by default their time point), in key order,
    /// over every result together: tile metrics, predicted and measured efficiency and their r. Empty where no
    /// micrograph has a group.
    /// </summary>
    public IReadOnlyList<GroupSummary> Groups { get; private init; } = [];

    /// <summary>What <see cref="Groups"/> are keyed by (see <see cref="PredictionResult.GroupedBy"/>).</summary>
    public string GroupedBy { get; private init; } = TimePointMetadata.DefaultKey;

    /// <summary>Gathers a report from prediction results (merged where there are several) and, optionally, the training run.</summary>
    /// <param name="results">The prediction results.</param>
    /// <param name="epochs">The training run's epochs, or null.</param>
    /// <param name="pairThreshold">Binarizes paired images for the stain scores; null: Otsu's threshold.</param>
    /// <exception cref="ArgumentException">No results, or results of different models.</exception>
    /// <exception cref="CellOps.Sdk.Imaging.MicrographReadException">A paired image cannot be read.</exception>
    public static EvaluationReport Create(IReadOnlyList<PredictionResult> results, IReadOnlyList<EpochRecord>? epochs = null, double? pairThreshold = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0) throw new ArgumentException("A report needs at least one prediction result.", nameof(results));
        var models = results.Select(r => r.Model).Distinct(StringComparer.Ordinal).ToArray();
        if (models.Length > 1) throw new ArgumentException($"A report covers one model; got {string.Join(", ", models)}.", nameof(results));
        var names = results[0].ClassNames;
        int k = names.Count;
        var tiles = results.SelectMany(r => r.Tiles).ToArray();

        ClassificationReport? classification = null;
        var curves = new List<ClassRocCurve>();
        if (k >= 2 && tiles.Length > 0 && tiles.All(t => t.Label is int label && label >= 0 && label < k))
        {
            var probabilities = new float[tiles.Length * k];
            var labels = new int[tiles.Length];
            for (int i = 0; i < tiles.Length; i++)
            {
                for (int c = 0; c < k; c++) probabilities[i * k + c] = tiles[i].Probabilities[c];
                labels[i] = tiles[i].Label!.Value;
            }
            classification = ClassificationMetrics.Compute(probabilities, labels, k, names);
            for (int c = k == 2 ? 1 : 0; c < k; c++)
            {
                var scores = tiles.Select(t => t.Probabilities[c]).ToArray();
                var positive = labels.Select(l => l == c).ToArray();
                if (RocCurve.Compute(scores, positive) is { } curve) curves.Add(new ClassRocCurve(c, names[c], curve));
            }
        }
        // A dense model scored against label images has its segmentation; stains are scored against binarized fluorescence pairs.
        var segmented = results.Where(r => r.Segmentation is not null).Select(r => r.Segmentation!).ToArray();
        return new EvaluationReport(models[0], classification, curves, results.SelectMany(r => r.Micrographs).ToArray(), epochs ?? [],
            k == 2 && segmented.Length == 0 ? ScoreStains(results, pairThreshold) : [])
        {
            Segmentation = segmented.Length == 0 ? null : SegmentationMetrics.Merge(segmented),
            Groups = GroupEvaluation.Compute(results),
            GroupedBy = results[0].GroupedBy,
        };
    }

    // Maps are built one micrograph at a time, so only one is in memory however many there are.
    private static List<StainScore> ScoreStains(IReadOnlyList<PredictionResult> results, double? pairThreshold)
    {
        var scores = new List<StainScore>();
        foreach (var map in results.SelectMany(r => r.ToProbabilityMaps()))
        {
            var pair = map.Source.Pair;
            if (pair is null || pair.Width != map.Width || pair.Height != map.Height) continue;
            var stain = StainEvaluation.Evaluate(map, pairThreshold: pairThreshold).PerClass[1];
            scores.Add(new StainScore(map.Micrograph, stain.Iou, stain.Dice));
        }
        return scores;
    }
}
