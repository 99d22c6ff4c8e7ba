namespace CellOps.Imaging.Maps;

/// <summary>How <see cref="VirtualStainWriter"/> binarizes and draws a map.</summary>
public sealed record VirtualStainOptions
{
    /// <summary>Two classes: pixels with P(positive) at or above it are stained. Default 0.5.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Strength of the overlay colour, 0 (invisible) to 1 (opaque), scaled by the probability for two classes. Default 0.5.</summary>
    public double Opacity { get; init; } = 0.5;

    /// <summary>Frame of the micrograph drawn under the overlay.</summary>
    public int Frame { get; init; }

    /// <summary>Throws where a value is out of range.</summary>
    public void Validate()
    {
        if (!(Threshold is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The threshold is a probability, between 0 and 1.");
        if (!(Opacity is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(Opacity), Opacity, "The opacity is between 0 and 1.");
        if (Frame < 0) throw new ArgumentOutOfRangeException(nameof(Frame), Frame, "The frame cannot be negative.");
    }
}
