namespace CellOps.Runtime.Metrics;

/// <summary>
/// How well one predicted channel (image-to-image translation, e.g. DAPI from phase contrast)
/// matches the measured one, pixel by pixel; made by <see cref="TranslationMetrics.Compute"/>, where
/// each definition is given. Values are raw, in the truth's own intensity units.
/// </summary>
public sealed record TranslationImageScores
{
    /// <summary>Image width in pixels.</summary>
    public required int Width { get; init; }

    /// <summary>Image height in pixels.</summary>
    public required int Height { get; init; }

    /// <summary>Pixels scored (width × height).</summary>
    public long Pixels => Moments.Count;

    /// <summary>The paired sums behind <see cref="Pearson"/>, <see cref="MeanAbsoluteError"/> and <see cref="MeanSquaredError"/>.</summary>
    public required PairedPixelMoments Moments { get; init; }

    /// <summary>Pearson's r of predicted against true pixel values; null where either image is flat.</summary>
    public double? Pearson => Moments.Pearson;

    /// <summary>Mean |prediction − truth|.</summary>
    public double MeanAbsoluteError => Moments.MeanAbsoluteError ?? 0;

    /// <summary>Mean (prediction − truth)².</summary>
    public double MeanSquaredError => Moments.MeanSquaredError ?? 0;

    /// <summary>Smallest true value.</summary>
    public required double TruthMin { get; init; }

    /// <summary>Largest true value.</summary>
    public required double TruthMax { get; init; }

    /// <summary>Smallest predicted value.</summary>
    public required double PredictionMin { get; init; }

    /// <summary>Largest predicted value.</summary>
    public required double PredictionMax { get; init; }

    /// <summary>L = <see cref="TruthMax"/> − <see cref="TruthMin"/>, the data range of PSNR and SSIM.</summary>
    public double DataRange => TruthMax - TruthMin;

    /// <summary>10·log10(L² / MSE) in dB; +∞ where the prediction equals the truth; null where the truth is flat (L = 0).</summary>
    public double? Psnr => TranslationMetrics.Psnr(DataRange, MeanSquaredError);

    /// <summary>Mean SSIM over the <see cref="SsimPixels"/> pixels whose whole window lies inside the image; null where none does or L = 0.</summary>
    public required double? Ssim { get; init; }

    /// <summary>Pixels <see cref="Ssim"/> averages: (width − 10) × (height − 10), or 0.</summary>
    public required long SsimPixels { get; init; }

    /// <summary>True values strictly above it are positive.</summary>
    public required double TruthThreshold { get; init; }

    /// <summary>Predicted values strictly above it are positive.</summary>
    public required double PredictionThreshold { get; init; }

    /// <summary>The binarized prediction against the binarized truth, as counts.</summary>
    public required BinaryAgreement Agreement { get; init; }

    /// <summary>Dice of the positive pixels; null where neither image has any.</summary>
    public double? Dice => Agreement.Dice;

    /// <summary>IoU (Jaccard index) of the positive pixels; null where neither image has any.</summary>
    public double? Iou => Agreement.Iou;

    /// <summary>Share of predicted positives that are truly positive; null where the prediction has none.</summary>
    public double? Precision => Agreement.Precision;

    /// <summary>Share of true positives that are predicted positive; null where the truth has none.</summary>
    public double? Recall => Agreement.Recall;

    /// <summary>Measured efficiency: the truth's positive share of the pixels.</summary>
    public double TruthPositiveFraction => Agreement.TruthPositiveFraction;

    /// <summary>Predicted efficiency: the prediction's positive share of the pixels.</summary>
    public double PredictedPositiveFraction => Agreement.PredictedPositiveFraction;

    /// <summary>A seeded uniform sample of (true, predicted) pixel values for a scatter plot.</summary>
    public required IntensitySample Sample { get; init; }
}
