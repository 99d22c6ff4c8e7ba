namespace CellOps.Runtime.Translation;

/// <summary>The files written for one micrograph's predicted fluorescence, and what its binarisation found.</summary>
/// <param name="Micrograph">The micrograph's name.</param>
/// <param name="Files">The files.</param>
/// <param name="Channels">The predicted channels' names.</param>
/// <param name="Thresholds">Per channel, the Otsu threshold of the prediction (target units).</param>
/// <param name="PositiveArea">Per channel, the share of pixels above it: the predicted "efficiency".</param>
public sealed record TranslatedStain(string Micrograph, TranslatedStainFiles Files, IReadOnlyList<string> Channels,
    IReadOnlyList<double> Thresholds, IReadOnlyList<double> PositiveArea)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Micrograph}: " + string.Join(", ", Channels.Select((c, i) => $"{c} {PositiveArea[i]:P1} above {Thresholds[i]:G5}"));
}
