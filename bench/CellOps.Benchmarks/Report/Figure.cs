namespace CellOps.Benchmarks.Report;

/// <summary>
/// One measured figure: the median of several timed runs (taken after warm-up), with the lowest and
/// highest value, so that a reader can see how much the runs spread.
/// </summary>
/// <param name="Median">The figure reported in the table.</param>
/// <param name="Min">The lowest run.</param>
/// <param name="Max">The highest run.</param>
/// <param name="Runs">How many timed runs it summarises.</param>
internal sealed record Figure(double Median, double Min, double Max, int Runs)
{
    /// <summary>Each run's value, in the order the runs were made (round by round where sides were interleaved).</summary>
    public IReadOnlyList<double> Samples { get; init; } = Array.Empty<double>();

    /// <summary>Summarises values that were each measured by one run.</summary>
    public static Figure Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("A figure needs at least one run.", nameof(values));
        var sorted = values.Order().ToArray();
        return new Figure(MedianOf(sorted), sorted[0], sorted[^1], sorted.Length) { Samples = values.ToArray() };
    }

    /// <summary>The median of already sorted values.</summary>
    public static double MedianOf(IReadOnlyList<double> sorted)
    {
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>A rate (work per second) from the seconds each run took to do <paramref name="work"/>.</summary>
    public static Figure Rate(double work, IReadOnlyList<double> seconds) => Of(seconds.Select(s => work / s).ToArray());

    /// <summary>A figure that was measured once (a peak, a count).</summary>
    public static Figure Once(double value) => new(value, value, value, 1);

    /// <summary>The same figure scaled, for a derived unit (GFLOP/s from tiles/s, for example).</summary>
    public Figure Scale(double factor) => new(Median * factor, Min * factor, Max * factor, Runs) { Samples = Samples.Select(v => v * factor).ToArray() };
}
