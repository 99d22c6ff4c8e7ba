using System.Globalization;

namespace CellOps.Runtime.Metrics;

/// <summary>The scores of a per-pixel labelling; made by <see cref="SegmentationMetrics.Compute"/>.</summary>
/// <param name="ClassNames">Class names, index = class.</param>
/// <param name="PerClass">IoU, Dice and support per class (the ignore class left out).</param>
/// <param name="MeanIou">Mean IoU over the classes where it is defined.</param>
/// <param name="MeanDice">Mean Dice over the classes where it is defined.</param>
/// <param name="PixelAccuracy">Share of counted pixels labelled correctly.</param>
/// <param name="Pixels">Pixels counted (not ignored, covered).</param>
public sealed record SegmentationReport(IReadOnlyList<string> ClassNames, IReadOnlyList<SegmentationClassMetrics> PerClass,
    double MeanIou, double MeanDice, double PixelAccuracy, long Pixels)
{
    /// <summary>Counted pixels by true class (row) and predicted class (column).</summary>
    public IReadOnlyList<long[]> Confusion { get; init; } = [];

    /// <summary>The true class left out of the counts, or null.</summary>
    public int? IgnoreClass { get; init; }

    /// <summary>One line, e.g. <c>mean IoU 0.826, mean Dice 0.901, pixel accuracy 0.944</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"mean IoU {MeanIou:0.000}, mean Dice {MeanDice:0.000}, pixel accuracy {PixelAccuracy:0.000}");
}
