namespace CellOps.Runtime.Metrics;

/// <summary>Pearson's product-moment correlation of paired values.</summary>
public static class PearsonCorrelation
{
    /// <summary>r of <paramref name="x"/> against <paramref name="y"/>.</summary>
    /// <returns>r in [−1, 1]; null with fewer than two pairs, or where either side does not vary (r is undefined).</returns>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static double? Compute(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"Pearson's r needs pairs; got {x.Count} and {y.Count} values.");
        int n = x.Count;
        if (n < 2) return null;
        double meanX = x.Average(), meanY = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - meanX, dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        // Centred sums, so constant inputs give exact zeros rather than rounding noise.
        if (sxx <= 0 || syy <= 0) return null;
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }
}
