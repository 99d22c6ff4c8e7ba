using System.Diagnostics;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// Times several sides (CellOps and its peer, or configurations of one) run for run, alternately:
/// on a shared machine, load from other processes then falls on every side alike instead of on
/// whichever happened to run during a busy minute.
/// </summary>
internal static class Interleaved
{
    /// <summary>
    /// Runs each side <paramref name="warmup"/> times untimed, then <paramref name="runs"/> rounds in which
    /// every side runs once, the order rotating from round to round.
    /// </summary>
    /// <param name="sides">Each returns the seconds its run took (measured by itself, so a peer process
    /// times only its own work); a null side is skipped.</param>
    /// <returns>Per side, the seconds of each timed run (empty for skipped sides).</returns>
    public static double[][] Time(int warmup, int runs, params Func<double>?[] sides)
    {
        for (int w = 0; w < warmup; w++)
        {
            foreach (var side in sides) side?.Invoke();
        }
        var seconds = sides.Select(s => s is null ? new List<double>() : new List<double>(runs)).ToArray();
        for (int r = 0; r < runs; r++)
        {
            for (int k = 0; k < sides.Length; k++)
            {
                int i = (k + r) % sides.Length;
                if (sides[i] is { } side) seconds[i].Add(side());
            }
        }
        return seconds.Select(s => s.ToArray()).ToArray();
    }

    /// <summary>Seconds <paramref name="action"/> takes.</summary>
    public static double Seconds(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }
}
