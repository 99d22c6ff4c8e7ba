using CellOps.Runtime.Optimization;
using Xunit;

namespace CellOps.Tests.Runtime.Optimization;

public sealed class ExpectedImprovementTests
{
    [Fact]
    public void A_point_surely_worse_than_the_best_promises_nothing()
    {
        Assert.True(ExpectedImprovement.Compute(mean: 5, variance: 0.01, best: 1) < 1e-12);
        Assert.Equal(0, ExpectedImprovement.Compute(mean: 5, variance: 0, best: 1));
    }

    [Fact]
    public void A_point_surely_better_promises_its_improvement()
    {
        Assert.Equal(2.0, ExpectedImprovement.Compute(mean: -1, variance: 0, best: 1), 12);
        Assert.Equal(2.0, ExpectedImprovement.Compute(mean: -1, variance: 1e-8, best: 1), 6);
    }

    [Fact]
    public void Uncertainty_makes_even_a_worse_mean_worth_a_look()
    {
        double certain = ExpectedImprovement.Compute(mean: 2, variance: 0.01, best: 1);
        double uncertain = ExpectedImprovement.Compute(mean: 2, variance: 4, best: 1);
        Assert.True(uncertain > 0.1, $"{uncertain}");
        Assert.True(uncertain > 1000 * certain);
        // At the best score itself, EI is σ φ(0).
        Assert.Equal(2 / Math.Sqrt(2 * Math.PI), ExpectedImprovement.Compute(mean: 1, variance: 4, best: 1), 12);
    }

    [Fact]
    public void A_margin_asks_for_more_than_a_tie()
    {
        Assert.True(ExpectedImprovement.Compute(0.9, 0.01, 1, xi: 0.2) < ExpectedImprovement.Compute(0.9, 0.01, 1));
    }

    [Fact]
    public void Over_a_Gaussian_process_EI_is_zero_ish_where_known_bad_and_positive_where_unexplored()
    {
        var points = new[] { new[] { 0.1 }, new[] { 0.2 }, new[] { 0.3 } };
        var gp = new GaussianProcess(new Matern52Kernel(new[] { 0.1 }, 1), 1e-6, points, new[] { 5.0, 0.0, 5.0 });
        double Ei(double x)
        {
            var (mean, variance) = gp.Predict(new[] { x });
            return ExpectedImprovement.Compute(mean, variance, best: 0);
        }
        Assert.True(Ei(0.1) < 1e-3, $"at a bad observation: {Ei(0.1)}");
        Assert.True(Ei(0.9) > 0.05 && Ei(0.9) > 100 * Ei(0.1), $"far from the data: {Ei(0.9)}");
    }
}
