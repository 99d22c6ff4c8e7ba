namespace CellOps.Runtime.Metrics;

/// <summary>How well one class was segmented.</summary>
/// <param name="Class">Class index.</param>
/// <param name="Name">Class name.</param>
/// <param name="Iou">Jaccard index TP / (TP + FP + FN); null where the class is in neither truth nor prediction.</param>
/// <param name="Dice">Dice 2TP / (2TP + FP + FN); null where the class is in neither.</param>
/// <param name="Support">True pixels of the class that were counted.</param>
public sealed record SegmentationClassMetrics(int Class, string Name, double? Iou, double? Dice, long Support);
