namespace CellOps.Runtime.Inference;

/// <summary>
/// What a model predicted for one micrograph. For the cardiomyocyte study these are the
/// differentiation efficiency estimated from phase contrast alone (<see cref="PositiveFraction"/>,
/// <see cref="PositiveArea"/>) and, where the fluorescence pair was imported, the efficiency measured
/// from it (<see cref="MeasuredEfficiency"/>).
/// </summary>
/// <param name="Micrograph">Name of the micrograph.</param>
/// <param name="Tiles">Tiles predicted.</param>
/// <param name="PositiveTiles">Tiles predicted as class 1 (the positive class of binary models; for more classes, any class but 0).</param>
/// <param name="PositiveFraction">PositiveTiles / Tiles: the predicted efficiency by tile count.</param>
/// <param name="MeanPositiveProbability">Mean probability of not being class 0.</param>
/// <param name="PositiveArea">
/// Share of the tiled area predicted positive, from the tile probabilities laid back over the image
/// and blended where tiles overlap; null where no tile covered any pixel.
/// </param>
/// <param name="LabelledPositiveFraction">The share of positive tiles by the tiles' true labels, where every tile has one.</param>
/// <param name="MeasuredEfficiency">
/// Share of the paired (fluorescence or mask) image above its threshold, over the whole image;
/// null where the micrograph has no pair or it was not measured.
/// </param>
public sealed record MicrographSummary(string Micrograph, int Tiles, int PositiveTiles, double PositiveFraction,
    double MeanPositiveProbability, double? PositiveArea, double? LabelledPositiveFraction, double? MeasuredEfficiency)
{
    /// <summary>IoU and Dice of the micrograph's dense map against its label image, where it was scored; else null.</summary>
    public Metrics.SegmentationReport? Segmentation { get; init; }

    /// <summary>
    /// The micrograph's group key: by default its time point (e.g. the day of differentiation), or what the caller
    /// grouped by (a metadata entry or a computed key); null where it has none. Micrographs that share one are evaluated together in <see cref="PredictionResult.Groups"/>.
    /// </summary>
    public string? Group { get; init; }

    /// <summary>Mean IoU of <see cref="Segmentation"/>, or null.</summary>
    public double? MeanIou => Segmentation?.MeanIou;
}
