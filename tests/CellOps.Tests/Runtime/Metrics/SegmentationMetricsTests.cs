using CellOps.Runtime.Metrics;
using Xunit;

namespace CellOps.Tests.Runtime.Metrics;

public sealed class SegmentationMetricsTests
{
    [Fact]
    public void Three_classes_with_an_ignore_class_match_hand_counts()
    {
        // K = 3 and class 3 is "uncertain". Pixel by pixel (truth -> predicted):
        // 0->0, 0->0, 0->1, 1->1, 1->1, 1->2, 2->2, 2->0, 3->1 (ignored), 3->2 (ignored), 1->255 (uncovered).
        byte[] truth = [0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 1];
        byte[] predicted = [0, 0, 1, 1, 1, 2, 2, 0, 1, 2, 255];
        var report = SegmentationMetrics.Compute(predicted, truth, 3, ignoreClass: 3, classNames: ["background", "undifferentiated", "differentiated"]);

        Assert.Equal(8, report.Pixels);
        // Class 0: TP 2, FP 1 (2->0), FN 1 (0->1): IoU 2/4, Dice 4/6.
        // Class 1: TP 2, FP 1 (0->1), FN 1 (1->2): IoU 2/4, Dice 4/6.
        // Class 2: TP 1, FP 1 (1->2), FN 1 (2->0): IoU 1/3, Dice 2/4.
        Assert.Equal([0.5, 0.5, 1.0 / 3], report.PerClass.Select(c => c.Iou!.Value));
        Assert.Equal([4.0 / 6, 4.0 / 6, 0.5], report.PerClass.Select(c => c.Dice!.Value));
        Assert.Equal((0.5 + 0.5 + 1.0 / 3) / 3, report.MeanIou, 12);
        Assert.Equal(5.0 / 8, report.PixelAccuracy, 12);
        Assert.Equal(3, report.PerClass.Count);
    }

    [Fact]
    public void A_class_in_neither_truth_nor_prediction_stays_out_of_the_means()
    {
        var report = SegmentationMetrics.Compute([0, 1, 1], [0, 1, 1], 3);
        Assert.Null(report.PerClass[2].Iou);
        Assert.Equal(1.0, report.MeanIou);
        Assert.Equal(1.0, report.MeanDice);
    }

    [Fact]
    public void A_true_label_outside_the_classes_is_refused() =>
        Assert.Throws<ArgumentException>(() => SegmentationMetrics.Compute([0, 1], [0, 5], 2));

    [Fact]
    public void Merged_reports_score_as_if_their_pixels_were_one_image()
    {
        byte[] predictedA = { 0, 1, 2, 2, 1, 255 }, truthA = { 0, 1, 2, 1, 9, 0 };
        byte[] predictedB = { 2, 2, 0, 1 }, truthB = { 2, 0, 0, 1 };
        var a = SegmentationMetrics.Compute(predictedA, truthA, 3, ignoreClass: 9);
        var b = SegmentationMetrics.Compute(predictedB, truthB, 3, ignoreClass: 9);
        var together = SegmentationMetrics.Compute(predictedA.Concat(predictedB).ToArray(), truthA.Concat(truthB).ToArray(), 3, ignoreClass: 9);

        var merged = SegmentationMetrics.Merge(new[] { a, b });

        Assert.Equal(together.MeanIou, merged.MeanIou, 12);
        Assert.Equal(together.PixelAccuracy, merged.PixelAccuracy, 12);
        Assert.Equal(together.Pixels, merged.Pixels);
        Assert.Equal(together.PerClass.Select(c => c.Iou), merged.PerClass.Select(c => c.Iou));
        Assert.Equal(new long[] { 2, 0, 1 }, merged.Confusion[0]);
        Assert.Throws<ArgumentException>(() => SegmentationMetrics.Merge(new[] { a, SegmentationMetrics.Compute(predictedB, truthB, 3) }));
    }
}
