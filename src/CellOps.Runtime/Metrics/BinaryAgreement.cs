namespace CellOps.Runtime.Metrics;

/// <summary>
/// How a binarized prediction agrees with a binarized truth, pixel by pixel: the four counts and
/// the scores made from them. Agreements of several images add up count by count, so pooled scores
/// are those of the images' pixels taken together.
/// </summary>
/// <param name="TruePositives">Positive in both.</param>
/// <param name="FalsePositives">Positive in the prediction only.</param>
/// <param name="FalseNegatives">Positive in the truth only.</param>
/// <param name="TrueNegatives">Positive in neither.</param>
public readonly record struct BinaryAgreement(long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    /// <summary>All pixels counted.</summary>
    public long Pixels => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    /// <summary>Dice 2TP / (2TP + FP + FN); null where neither side has a positive pixel.</summary>
    public double? Dice => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    /// <summary>Jaccard index (IoU) TP / (TP + FP + FN); null where neither side has a positive pixel.</summary>
    public double? Iou => Ratio(TruePositives, TruePositives + FalsePositives + FalseNegatives);

    /// <summary>Precision TP / (TP + FP); null where the prediction has no positive pixel.</summary>
    public double? Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>Recall (sensitivity) TP / (TP + FN); null where the truth has no positive pixel.</summary>
    public double? Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>The truth's positive share of the pixels, (TP + FN) / n: the measured efficiency; 0 for no pixels.</summary>
    public double TruthPositiveFraction => Pixels == 0 ? 0 : (double)(TruePositives + FalseNegatives) / Pixels;

    /// <summary>The prediction's positive share of the pixels, (TP + FP) / n: the predicted efficiency; 0 for no pixels.</summary>
    public double PredictedPositiveFraction => Pixels == 0 ? 0 : (double)(TruePositives + FalsePositives) / Pixels;

    /// <summary>The counts of both agreements added.</summary>
    public static BinaryAgreement operator +(BinaryAgreement a, BinaryAgreement b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives, a.TrueNegatives + b.TrueNegatives);

    private static double? Ratio(long numerator, long denominator) => denominator > 0 ? (double)numerator / denominator : null;
}
