namespace CellOps.Sdk.Models;

/// <summary>How a model's input is normalised; recorded in its model package so inference matches training.</summary>
public sealed record Normalization
{
    /// <summary>Creates a normalisation.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="mean">Per-channel means for <see cref="NormalizationKind.Fixed"/>.</param>
    /// <param name="std">Per-channel standard deviations for <see cref="NormalizationKind.Fixed"/> (each &gt; 0).</param>
    public Normalization(NormalizationKind kind, IReadOnlyList<float>? mean = null, IReadOnlyList<float>? std = null)
    {
        if (kind == NormalizationKind.Fixed)
        {
            if (mean is null || std is null || mean.Count == 0 || mean.Count != std.Count)
                throw new ArgumentException("Fixed normalisation needs one mean and one std per channel.");
            if (std.Any(s => !(s > 0))) throw new ArgumentException("Every std must be positive.", nameof(std));
        }
        Kind = kind;
        Mean = mean ?? Array.Empty<float>();
        Std = std ?? Array.Empty<float>();
    }

    /// <summary>Raw values.</summary>
    public static Normalization None { get; } = new(NormalizationKind.None);

    /// <summary>0..1 by the pixel type's range.</summary>
    public static Normalization UnitRange { get; } = new(NormalizationKind.UnitRange);

    /// <summary>Per tile and channel to mean 0, std 1.</summary>
    public static Normalization PerTileStandardize { get; } = new(NormalizationKind.PerTileStandardize);

    /// <summary>The kind.</summary>
    public NormalizationKind Kind { get; }

    /// <summary>Per-channel means (Fixed only).</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>Per-channel standard deviations (Fixed only).</summary>
    public IReadOnlyList<float> Std { get; }

    /// <inheritdoc />
    public bool Equals(Normalization? other) =>
        other is not null && Kind == other.Kind && Mean.SequenceEqual(other.Mean) && Std.SequenceEqual(other.Std);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Mean.Count);

    /// <inheritdoc />
    public override string ToString() => Kind == NormalizationKind.Fixed
        ? $"Fixed(mean {string.Join(",", Mean)}; std {string.Join(",", Std)})"
        : Kind.ToString();
}
