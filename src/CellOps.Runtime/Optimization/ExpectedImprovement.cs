using MathNet.Numerics;

namespace CellOps.Runtime.Optimization;

/// <summary>
/// Expected improvement for minimisation: how much below the best score so far a point's score is
/// expected to fall, under the surrogate's posterior. Large where the mean is low (exploitation) or
/// the variance is high (exploration); the search evaluates where it is largest.
/// </summary>
public static class ExpectedImprovement
{
    /// <summary>E[max(best − ξ − f, 0)] for f ~ N(mean, variance).</summary>
    /// <param name="mean">Posterior mean.</param>
    /// <param name="variance">Posterior variance (not negative).</param>
    /// <param name="best">The lowest score observed.</param>
    /// <param name="xi">A margin that asks for a real improvement, nudging toward exploration; 0 for none.</param>
    public static double Compute(double mean, double variance, double best, double xi = 0)
    {
        double improvement = best - xi - mean;
        double sd = Math.Sqrt(Math.Max(variance, 0));
        if (sd < 1e-12) return Math.Max(improvement, 0);
        double z = improvement / sd;
        return improvement * NormalCdf(z) + sd * NormalPdf(z);
    }

    private static double NormalCdf(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));

    private static double NormalPdf(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
}
