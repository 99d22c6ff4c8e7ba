namespace CellOps.Tests.TestSupport;

/// <summary>
/// Statistics the tests compute themselves, written out from their textbook definitions, so that a
/// test can compare what CellOps reports with a value it did not produce.
/// </summary>
internal static class HandStatistics
{
    /// <summary>Pearson's r: the covariance of the pairs over the product of their standard deviations.</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count || x.Count < 2) throw new ArgumentException("Pearson's r needs two or more pairs.");
        double mx = x.Average(), my = y.Average();
        double covariance = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        double sx = Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)));
        double sy = Math.Sqrt(y.Sum(b => (b - my) * (b - my)));
        return covariance / (sx * sy);
    }
}
