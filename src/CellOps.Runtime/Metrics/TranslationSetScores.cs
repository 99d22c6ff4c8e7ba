namespace CellOps.Runtime.Metrics;

/// <summary>
/// The scores of a set of images of one channel pair, pooled by <see cref="TranslationMetrics.Pool"/>,
/// where each definition is given: pixel scores as if the images were one, SSIM as the pixel-weighted
/// mean of the images', and the correlation across images of predicted and measured efficiency.
/// </summary>
public sealed record TranslationSetScores
{
    /// <summary>Images pooled.</summary>
    public required int Images { get; init; }

    /// <summary>Pixels of all images.</summary>
    public long Pixels => Moments.Count;

    /// <summary>The images' paired sums merged.</summary>
    public required PairedPixelMoments Moments { get; init; }

    /// <summary>Pearson's r over all pixels of all images; null where either side is flat.</summary>
    public double? Pearson => Moments.Pearson;

    /// <summary>Mean |prediction − truth| over all pixels.</summary>
    public double MeanAbsoluteError => Moments.MeanAbsoluteError ?? 0;

    /// <summary>Mean (prediction − truth)² over all pixels.</summary>
    public double MeanSquaredError => Moments.MeanSquaredError ?? 0;

    /// <summary>Smallest true value of any image.</summary>
    public required double TruthMin { get; init; }

    /// <summary>Largest true value of any image.</summary>
    public required double TruthMax { get; init; }

    /// <summary>The pooled data range L = <see cref="TruthMax"/> − <see cref="TruthMin"/>.</summary>
    public double DataRange => TruthMax - TruthMin;

    /// <summary>10·log10(L² / MSE) with the pooled L and MSE; +∞ where every prediction is exact; null where L = 0.</summary>
    public double? Psnr => TranslationMetrics.Psnr(DataRange, MeanSquaredError);

    /// <summary>Σ SSIMᵢ·nᵢ / Σ nᵢ over the images with an SSIM, nᵢ being their <see cref="TranslationImageScores.SsimPixels"/>; null where none has one.</summary>
    public required double? Ssim { get; init; }

    /// <summary>Σ nᵢ, the pixels behind <see cref="Ssim"/>.</summary>
    public required long SsimPixels { get; init; }

    /// <summary>The images' counts added (each image binarized at its own thresholds).</summary>
    public required BinaryAgreement Agreement { get; init; }

    /// <summary>Dice from the pooled counts.</summary>
    public double? Dice => Agreement.Dice;

    /// <summary>IoU from the pooled counts.</summary>
    public double? Iou => Agreement.Iou;

    /// <summary>Precision from the pooled counts.</summary>
    public double? Precision => Agreement.Precision;

    /// <summary>Recall from the pooled counts.</summary>
    public double? Recall => Agreement.Recall;

    /// <summary>The truth's positive share of all pixels.</summary>
    public double TruthPositiveFraction => Agreement.TruthPositiveFraction;

    /// <summary>The prediction's positive share of all pixels.</summary>
    public double PredictedPositiveFraction => Agreement.PredictedPositiveFraction;

    /// <summary>Pearson's r across images of predicted against measured positive-area fraction; null with fewer than two images or no spread.</summary>
    public required double? EfficiencyCorrelation { get; init; }

    /// <summary>A seeded sample of (true, predicted) pixel values drawn from the images' samples in proportion to their pixels.</summary>
    public required IntensitySample Sample { get; init; }
}
