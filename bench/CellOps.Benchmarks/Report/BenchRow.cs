namespace CellOps.Benchmarks.Report;

/// <summary>One line of the results table: a CellOps figure, the peer's figure on the same work, and the goal.</summary>
internal sealed record BenchRow
{
    /// <summary>A stable key for scripts reading the JSON, e.g. "network.inference".</summary>
    public required string Id { get; init; }

    /// <summary>What was measured, as the table shows it.</summary>
    public required string Benchmark { get; init; }

    /// <summary>The unit of both figures.</summary>
    public required string Unit { get; init; }

    /// <summary>CellOps' figure; null when it could not be measured.</summary>
    public Figure? CellOps { get; init; }

    /// <summary>The peer's figure; null when there is no peer or it is not installed.</summary>
    public Figure? Peer { get; init; }

    /// <summary>Who the peer is ("PyTorch 1.13", "libtiff 4.5", "model only"), or null for rows without one.</summary>
    public string? PeerName { get; init; }

    /// <summary>Why the peer has no figure, as the result column shows it ("peer not installed",
    /// "peer failed"), or null. The row's note says more.</summary>
    public string? PeerMissing { get; init; }

    /// <summary>The goal the row is judged by, or null for rows that only inform.</summary>
    public Goal? Goal { get; init; }

    /// <summary>A short remark: the configuration, a derived share, the reason for a failure.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// CellOps against the peer. Where both were measured run for run (interleaved rounds, as every
    /// suite here does), the median of the rounds' ratios: load from other processes that slows one
    /// round slows both of its sides and cancels out. Otherwise CellOps' median over the peer's.
    /// </summary>
    public double? Ratio => RoundRatios is { Count: > 0 } rounds ? Figure.MedianOf(rounds.Order().ToArray())
        : CellOps is not null && Peer is { Median: > 0 } ? CellOps.Median / Peer.Median : null;

    /// <summary>CellOps' value over the peer's, round by round, where both have one value per round.</summary>
    public IReadOnlyList<double>? RoundRatios =>
        CellOps is { Samples.Count: > 0 } c && Peer is { } p && p.Samples.Count == c.Samples.Count && p.Samples.All(v => v > 0)
            ? c.Samples.Zip(p.Samples, (a, b) => a / b).ToArray()
            : null;

    /// <summary>"met", "MISSED", "info", or why the row could not be judged.</summary>
    public string Result
    {
        get
        {
            if (CellOps is null) return "failed";
            if (Peer is null && PeerMissing is not null) return PeerMissing;
            return Goal?.IsMet(CellOps, Ratio) switch
            {
                true => "met",
                false => "MISSED",
                null when Goal is not null => "not judged",
                _ => "info",
            };
        }
    }
}
