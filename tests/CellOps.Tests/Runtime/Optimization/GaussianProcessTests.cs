using CellOps.Runtime.Optimization;
using Xunit;

namespace CellOps.Tests.Runtime.Optimization;

public sealed class GaussianProcessTests
{
    private static readonly double[][] Points = { new[] { 0.1 }, new[] { 0.4 }, new[] { 0.5 }, new[] { 0.9 } };
    private static readonly double[] Scores = { 3.0, -1.0, 0.5, 2.0 };

    private static GaussianProcess Process(double noise = 1e-6) =>
        new(new Matern52Kernel(new[] { 0.2 }, 1.0), noise, Points, Scores);

    [Fact]
    public void The_Matern_kernel_is_the_signal_variance_at_zero_distance_and_decays_with_distance_per_length_scale()
    {
        var kernel = new Matern52Kernel(new[] { 0.5, 5.0 }, 2.0);
        Assert.Equal(2.0, kernel.Evaluate(new[] { 0.3, 0.3 }, new[] { 0.3, 0.3 }), 12);
        double near = kernel.Evaluate(new[] { 0.0, 0.0 }, new[] { 0.1, 0.0 });
        double far = kernel.Evaluate(new[] { 0.0, 0.0 }, new[] { 0.5, 0.0 });
        Assert.True(near > far && far > 0);
        // The second feature's longer length scale makes the same step matter less.
        Assert.True(kernel.Evaluate(new[] { 0.0, 0.0 }, new[] { 0.0, 0.5 }) > far);
        // r = 1: σ² (1 + √5 + 5/3) e^−√5.
        double r1 = kernel.Evaluate(new[] { 0.0, 0.0 }, new[] { 0.5, 0.0 });
        Assert.Equal(2.0 * (1 + Math.Sqrt(5) + 5.0 / 3) * Math.Exp(-Math.Sqrt(5)), r1, 12);
    }

    [Fact]
    public void With_little_noise_the_posterior_mean_interpolates_the_observations()
    {
        var gp = Process();
        for (int i = 0; i < Points.Length; i++)
        {
            var (mean, variance) = gp.Predict(Points[i]);
            Assert.Equal(Scores[i], mean, 3);
            Assert.True(variance < 1e-3, $"variance {variance} at an observed point");
        }
    }

    [Fact]
    public void Posterior_variance_is_small_near_the_data_and_grows_away_from_it()
    {
        var gp = Process();
        double atData = gp.Predict(new[] { 0.45 }).Variance;
        double nearData = gp.Predict(new[] { 0.7 }).Variance;
        double farFromData = gp.Predict(new[] { 3.0 }).Variance;
        Assert.True(atData < nearData, $"{atData} vs {nearData}");
        Assert.True(nearData < farFromData, $"{nearData} vs {farFromData}");
        // Far from every observation the prior returns: the mean goes back to the scores' mean.
        Assert.Equal(Scores.Average(), gp.Predict(new[] { 3.0 }).Mean, 1e-3);
    }

    [Fact]
    public void More_noise_smooths_instead_of_interpolating()
    {
        double exact = Math.Abs(Process(1e-6).Predict(Points[1]).Mean - Scores[1]);
        double smoothed = Math.Abs(Process(0.5).Predict(Points[1]).Mean - Scores[1]);
        Assert.True(smoothed > exact + 0.1, $"{smoothed} vs {exact}");
    }

    [Fact]
    public void Fitting_prefers_the_length_scale_of_the_data_and_raises_the_likelihood()
    {
        // A smooth function of the first feature; the second is irrelevant.
        var random = new Random(4);
        var points = Enumerable.Range(0, 20).Select(_ => new[] { random.NextDouble(), random.NextDouble() }).ToArray();
        var scores = points.Select(p => Math.Sin(6 * p[0])).ToArray();

        var fitted = GaussianProcessFit.Fit(points, scores, new Random(1));
        var fixedKernel = new GaussianProcess(new Matern52Kernel(new[] { 0.02, 0.02 }, 1), 0.1, points, scores);
        Assert.True(fitted.LogMarginalLikelihood > fixedKernel.LogMarginalLikelihood);
        Assert.True(fitted.Kernel.LengthScales[1] > 2 * fitted.Kernel.LengthScales[0],
            $"length scales {string.Join(", ", fitted.Kernel.LengthScales)}: the irrelevant feature should get the longer one");
        Assert.Equal(Math.Sin(6 * 0.3), fitted.Predict(new[] { 0.3, 0.7 }).Mean, 1);
    }

    [Fact]
    public void Duplicate_points_do_not_break_the_factorisation()
    {
        var points = new[] { new[] { 0.5 }, new[] { 0.5 }, new[] { 0.5 } };
        var gp = new GaussianProcess(new Matern52Kernel(new[] { 0.3 }, 1), 1e-12, points, new[] { 1.0, 1.0, 1.0 });
        Assert.Equal(1.0, gp.Predict(new[] { 0.5 }).Mean, 6);
    }
}
