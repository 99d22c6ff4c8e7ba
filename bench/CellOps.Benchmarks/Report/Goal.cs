using System.Globalization;

namespace CellOps.Benchmarks.Report;

/// <summary>A target from the benchmark issue that a row either meets or misses.</summary>
internal sealed record Goal
{
    private Goal(GoalKind kind, double threshold, string text)
    {
        Kind = kind;
        Threshold = threshold;
        Text = text;
    }

    public GoalKind Kind { get; }

    public double Threshold { get; }

    /// <summary>How the goal reads in the table, e.g. "≥ 2× peer".</summary>
    public string Text { get; }

    /// <summary>CellOps' figure divided by the peer's must reach <paramref name="ratio"/>.</summary>
    public static Goal RatioAtLeast(double ratio) =>
        new(GoalKind.RatioAtLeast, ratio, string.Create(CultureInfo.InvariantCulture, $">= {ratio:0.##}x"));

    /// <summary>CellOps' figure divided by the peer's must stay at or under <paramref name="ratio"/> (rows where less is better, such as memory).</summary>
    public static Goal RatioAtMost(double ratio) =>
        new(GoalKind.RatioAtMost, ratio, string.Create(CultureInfo.InvariantCulture, $"<= {ratio:0.##}x"));

    /// <summary>CellOps' figure must stay below <paramref name="limit"/> (in the row's unit).</summary>
    public static Goal Below(double limit) =>
        new(GoalKind.Below, limit, string.Create(CultureInfo.InvariantCulture, $"< {limit:0.##}"));

    /// <summary>Whether a row meets the goal; null when a figure it needs is missing.</summary>
    /// <param name="cellOps">CellOps' figure.</param>
    /// <param name="ratio">CellOps against the peer (<see cref="BenchRow.Ratio"/>), or null without a peer.</param>
    public bool? IsMet(Figure? cellOps, double? ratio) => Kind switch
    {
        GoalKind.RatioAtLeast => ratio is double r ? r >= Threshold : null,
        GoalKind.RatioAtMost => ratio is double r ? r <= Threshold : null,
        GoalKind.Below => cellOps is null ? null : cellOps.Median < Threshold,
        _ => null,
    };
}

/// <summary>What a <see cref="Goal"/> compares.</summary>
internal enum GoalKind
{
    RatioAtLeast,
    RatioAtMost,
    Below,
}
