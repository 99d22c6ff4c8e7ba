using CellOps.Runtime.Metrics;
using Xunit;

namespace CellOps.Tests.Runtime.Metrics;

public sealed class PearsonCorrelationTests
{
    [Fact]
    public void Matches_a_hand_computed_case()
    {
        // dx = -1.5 -0.5 0.5 1.5, dy = -1.75 0.25 1.25 0.25: Sxy = 3.5, Sxx = 5, Syy = 4.75.
        double? r = PearsonCorrelation.Compute([1, 2, 3, 4], [2, 4, 5, 4]);
        Assert.Equal(3.5 / Math.Sqrt(5 * 4.75), r!.Value, 12);
    }

    [Fact]
    public void Is_one_for_any_increasing_line_and_minus_one_for_a_decreasing_one()
    {
        Assert.Equal(1.0, PearsonCorrelation.Compute([0.1, 0.2, 0.5], [3.2, 3.4, 4.0])!.Value, 12);
        Assert.Equal(-1.0, PearsonCorrelation.Compute([0.1, 0.2, 0.5], [1, 0.8, 0.2])!.Value, 12);
    }

    [Fact]
    public void Is_undefined_without_two_pairs_or_without_spread()
    {
        Assert.Null(PearsonCorrelation.Compute([0.3], [0.4]));
        Assert.Null(PearsonCorrelation.Compute([0.3, 0.3, 0.3], [0.1, 0.2, 0.4]));
        Assert.Throws<ArgumentException>(() => PearsonCorrelation.Compute([1, 2], [1, 2, 3]));
    }
}
