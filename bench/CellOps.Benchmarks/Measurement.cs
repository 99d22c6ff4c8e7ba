namespace CellOps.Benchmarks;

/// <summary>Repeated timings of one operation: median, minimum and maximum.</summary>
internal static class Measurement
{
    /// <summary>Runs <paramref name="action"/> once to warm up, then <paramref name="runs"/> times, and returns the seconds each took.</summary>
    public static double[] Time(int runs, Action action)
    {
        action();
        var seconds = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            action();
            seconds[i] = watch.Elapsed.TotalSeconds;
        }
        return seconds;
    }

    public static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
