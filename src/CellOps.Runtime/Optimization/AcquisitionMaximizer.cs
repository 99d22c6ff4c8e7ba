namespace CellOps.Runtime.Optimization;

/// <summary>
/// Finds a point where an acquisition function (expected improvement) is high: many random points
/// of the space and neighbours of the best points observed, then a short hill climb from the most
/// promising few. The acquisition is cheap but bumpy and the space mixed (integers, choices), so a
/// sampling search that only ever visits valid points beats a gradient method here.
/// </summary>
internal static class AcquisitionMaximizer
{
    private const double SamePoint = 1e-9;

    /// <summary>The best point found that has not been observed yet, or null where every point tried had been.</summary>
    /// <param name="space">The search space.</param>
    /// <param name="acquisition">Higher is better.</param>
    /// <param name="observed">Points already evaluated: never proposed again.</param>
    /// <param name="incumbents">The best observed points, searched around.</param>
    /// <param name="random">The search's generator.</param>
    /// <param name="randomCandidates">Random points to score.</param>
    /// <param name="climbs">Hill climbs from the best candidates.</param>
    /// <param name="climbSteps">Steps of each climb.</param>
    public static double[]? Maximize(SearchSpace space, Func<double[], double> acquisition, IReadOnlyList<double[]> observed,
        IReadOnlyList<double[]> incumbents, Random random, int randomCandidates = 1000, int climbs = 5, int climbSteps = 40)
    {
        var candidates = new List<double[]>(randomCandidates + incumbents.Count * 60);
        for (int i = 0; i < randomCandidates; i++) candidates.Add(space.Sample(random));
        foreach (var incumbent in incumbents)
        {
            foreach (double scale in new[] { 0.02, 0.05, 0.1, 0.2 })
                for (int i = 0; i < 15; i++) candidates.Add(space.Neighbour(incumbent, scale, random));
        }

        var scored = new List<(double[] Point, double Value)>(candidates.Count);
        foreach (var c in candidates)
        {
            if (!Contains(observed, c)) scored.Add((c, acquisition(c)));
        }
        if (scored.Count == 0) return null;
        scored.Sort((a, b) => b.Value.CompareTo(a.Value));

        var starts = new List<(double[] Point, double Value)>();
        foreach (var s in scored)
        {
            if (starts.Count == climbs) break;
            if (!starts.Any(t => SameAs(t.Point, s.Point))) starts.Add(s);
        }

        var best = starts[0];
        foreach (var start in starts)
        {
            var current = start;
            double scale = 0.1;
            for (int step = 0; step < climbSteps; step++)
            {
                var next = space.Neighbour(current.Point, scale, random);
                if (Contains(observed, next))
                {
                    scale = Math.Max(scale * 0.7, 1e-3);
                    continue;
                }
                double value = acquisition(next);
                if (value > current.Value)
                {
                    current = (next, value);
                    scale = Math.Min(scale * 1.5, 0.5);
                }
                else
                {
                    scale = Math.Max(scale * 0.7, 1e-3);
                }
            }
            if (current.Value > best.Value) best = current;
        }
        return best.Point;
    }

    private static bool Contains(IReadOnlyList<double[]> points, double[] point) => points.Any(p => SameAs(p, point));

    /// <summary>Whether two points are the same (to rounding).</summary>
    public static bool SameAs(double[] a, double[] b)
    {
        for (int i = 0; i < a.Length; i++) if (Math.Abs(a[i] - b[i]) > SamePoint) return false;
        return true;
    }
}
