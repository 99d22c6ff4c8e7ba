using CellOps.Runtime.Metrics;
using Xunit;

namespace CellOps.Tests.Runtime.Metrics;

public sealed class RocCurveTests
{
    [Fact]
    public void Steps_through_each_distinct_score_from_the_origin_to_the_corner()
    {
        // Scores 0.9(+) 0.8(-) 0.8(+) 0.3(-): the tie at 0.8 moves both rates at once.
        var curve = RocCurve.Compute([0.9f, 0.8f, 0.8f, 0.3f], [true, false, true, false])!;
        Assert.Equal([0, 0, 0.5, 1], curve.FalsePositiveRate);
        Assert.Equal([0, 0.5, 1, 1], curve.TruePositiveRate);
        Assert.Equal(double.PositiveInfinity, curve.Thresholds[0]);
        Assert.Equal(0.8, curve.Thresholds[2], 6);
        // Trapezoids under the curve: 0.5·(0.5+1)·0.5 + 0.5·1 = 0.875, the rank AUC.
        Assert.Equal(0.875, curve.Auc!.Value, 12);
    }

    [Fact]
    public void Is_undefined_with_one_class_only() =>
        Assert.Null(RocCurve.Compute([0.2f, 0.4f], [true, true]));
}
