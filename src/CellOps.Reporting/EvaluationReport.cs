using CellOps.Runtime.Inference;
using CellOps.Runtime.Metrics;
using CellOps.Runtime.Training;

namespace CellOps.Reporting;

/// <summary>
/// The numbers behind an evaluation report: how well a model classified labelled tiles (ROC curves,
/// confusion matrix), how it trained (per-epoch metrics), and how its predicted efficiency per
/// micrograph compares with the measured one.
/// </summary>
public sealed class EvaluationReport
{
    private EvaluationReport(string model, ClassificationReport? classification, IReadOnlyList<ClassRocCurve> rocCurves,
        IReadOnlyList<MicrographSummary> micrographs, IReadOnlyList<EpochRecord> epochs)
    {
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

    /// <summary>Pearson's r of predicted positive area against measured efficiency.</summary>
    public double? AreaCorrelation { get; }

    /// <summary>Gathers a report from prediction results (merged where there are several) and, optionally, the training run.</summary>
    /// <exception cref="ArgumentException">No results, or results of different models.</exception>
    public static EvaluationReport Create(IReadOnlyList<PredictionResult> results, IReadOnlyList<EpochRecord>? epochs = null)
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
        return new EvaluationReport(models[0], classification, curves, results.SelectMany(r => r.Micrographs).ToArray(), epochs ?? []);
    }
}
