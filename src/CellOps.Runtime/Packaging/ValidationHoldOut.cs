namespace CellOps.Runtime.Packaging;

/// <summary>
/// What a model's validation split held out, recorded in its manifest so its validation metrics can
/// be read for what they are: scores on whole micrographs, or on whole runs, wells or field columns,
/// that training never saw.
/// </summary>
public sealed record ValidationHoldOut
{
    /// <summary>What was held out whole: <c>micrograph</c>, or how the groups were told apart (e.g. <c>metadata 'Run'</c>).</summary>
    public required string By { get; init; }

    /// <summary>The validation fraction asked for.</summary>
    public double Fraction { get; init; }

    /// <summary>The groups held out: micrograph names, or the grouping's keys.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Tiles held out.</summary>
    public int Tiles { get; init; }
}
