namespace CellOps.Runtime.Optimization;

/// <summary>
/// Chooses the Gaussian process's own parameters (a length scale per feature, the signal variance,
/// the noise) by maximising the log marginal likelihood plus a weak log-normal prior on each, from a
/// few starting points. The prior keeps the fit sane with the handful of observations a search has:
/// without it, a few points are "explained" equally well by absurdly short or long length scales.
/// </summary>
public static class GaussianProcessFit
{
    // Bounds and prior of θ = (ln ℓ₁ … ln ℓ_d, ln σ², ln noise), for points in the unit cube and standardised scores.
    private const double LengthMin = 0.01, LengthMax = 20, LengthPrior = 0.5, LengthPriorSd = 1.5;
    private const double SignalMin = 0.05, SignalMax = 20, SignalPrior = 1, SignalPriorSd = 1;
    private const double NoiseMin = 1e-6, NoiseMax = 1, NoisePrior = 1e-3, NoisePriorSd = 3;

    /// <summary>Fits a process to observations.</summary>
    /// <param name="points">Observed points of the unit cube.</param>
    /// <param name="scores">Their finite scores.</param>
    /// <param name="random">Draws the random starting points (so a fit is repeatable given its generator).</param>
    /// <param name="previous">The last fit, as a warm start, or null.</param>
    /// <param name="restarts">Random starting points besides the default and <paramref name="previous"/>.</param>
    public static GaussianProcess Fit(IReadOnlyList<double[]> points, IReadOnlyList<double> scores, Random random,
        GaussianProcess? previous = null, int restarts = 2)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(random);
        if (points.Count == 0) throw new ArgumentException("Nothing to fit.", nameof(points));
        int d = points[0].Length;
        var defaults = Pack(Enumerable.Repeat(LengthPrior, d).ToArray(), SignalPrior, NoisePrior);
        // With one or two observations the likelihood says next to nothing about θ: keep the prior's centre.
        if (points.Count < 3) return Build(defaults, points, scores) ?? throw new InvalidOperationException("The default kernel does not fit.");

        var lower = Pack(Enumerable.Repeat(LengthMin, d).ToArray(), SignalMin, NoiseMin);
        var upper = Pack(Enumerable.Repeat(LengthMax, d).ToArray(), SignalMax, NoiseMax);
        var starts = new List<double[]> { defaults };
        if (previous is not null && previous.Kernel.Dimensions == d)
            starts.Add(Pack(previous.Kernel.LengthScales.ToArray(), previous.Kernel.SignalVariance, previous.NoiseVariance));
        for (int r = 0; r < restarts; r++)
        {
            var lengths = Enumerable.Range(0, d).Select(_ => Math.Exp(Math.Log(0.05) + random.NextDouble() * Math.Log(2 / 0.05))).ToArray();
            starts.Add(Pack(lengths, Math.Exp(random.NextDouble() * 2 - 1), Math.Exp(Math.Log(1e-5) + random.NextDouble() * Math.Log(1e-1 / 1e-5))));
        }

        double Objective(double[] theta)
        {
            var process = Build(theta, points, scores);
            return process is null ? double.PositiveInfinity : -(process.LogMarginalLikelihood + LogPrior(theta));
        }

        double[]? best = null;
        double bestValue = double.PositiveInfinity;
        foreach (var start in starts)
        {
            var (theta, value) = NelderMead.Minimize(Objective, start, step: 0.5, lower, upper, maxEvaluations: 40 * (d + 2));
            if (value < bestValue)
            {
                best = theta;
                bestValue = value;
            }
        }
        return (best is null ? null : Build(best, points, scores)) ?? Build(defaults, points, scores)
            ?? throw new InvalidOperationException("No kernel fits the observations.");
    }

    private static double[] Pack(double[] lengths, double signal, double noise) =>
        lengths.Select(l => Math.Log(l)).Append(Math.Log(signal)).Append(Math.Log(noise)).ToArray();

    private static GaussianProcess? Build(double[] theta, IReadOnlyList<double[]> points, IReadOnlyList<double> scores)
    {
        int d = theta.Length - 2;
        try
        {
            var kernel = new Matern52Kernel(theta.Take(d).Select(Math.Exp).ToArray(), Math.Exp(theta[d]));
            return new GaussianProcess(kernel, Math.Exp(theta[d + 1]), points, scores);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static double LogPrior(double[] theta)
    {
        int d = theta.Length - 2;
        double sum = 0;
        for (int i = 0; i < d; i++) sum += LogNormal(theta[i], LengthPrior, LengthPriorSd);
        sum += LogNormal(theta[d], SignalPrior, SignalPriorSd);
        sum += LogNormal(theta[d + 1], NoisePrior, NoisePriorSd);
        return sum;
    }

    // The log density (up to a constant) of ln x ~ N(ln centre, sd²), given ln x.
    private static double LogNormal(double logValue, double centre, double sd)
    {
        double z = (logValue - Math.Log(centre)) / sd;
        return -0.5 * z * z;
    }
}
