namespace CellOps.Runtime.Metrics;

/// <summary>Choices for <see cref="TranslationMetrics.Compute"/>; the defaults suit a report.</summary>
public sealed record TranslationMetricsOptions
{
    /// <summary>The default options.</summary>
    public static TranslationMetricsOptions Default { get; } = new();

    /// <summary>Binarizes the truth (values strictly above it are positive); null: Otsu's threshold of the truth channel.</summary>
    public double? TruthThreshold { get; init; }

    /// <summary>Binarizes the prediction (values strictly above it are positive); null: Otsu's threshold of the prediction channel.</summary>
    public double? PredictionThreshold { get; init; }

    /// <summary>How many (true, predicted) pixel pairs to keep for a scatter plot; 0 keeps none.</summary>
    public int SampleSize { get; init; } = 4096;

    /// <summary>Seeds the sample, so the same images give the same sample.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Rows read at a time; null: as many as fill about a million samples (4 MiB per image). Scores do
    /// not depend on it (beyond rounding of the pooled sums); memory is proportional to it.
    /// </summary>
    public int? RowsPerBand { get; init; }
}
