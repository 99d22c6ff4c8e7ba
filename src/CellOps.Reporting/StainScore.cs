namespace CellOps.Reporting;

/// <summary>How well one micrograph's virtual stain matches its binarized pair, pixel by pixel.</summary>
/// <param name="Micrograph">Name of the micrograph.</param>
/// <param name="Iou">Jaccard index of the stained against the truly positive pixels; null where neither has any.</param>
/// <param name="Dice">Dice coefficient of the same; null where neither has any.</param>
public sealed record StainScore(string Micrograph, double? Iou, double? Dice);
