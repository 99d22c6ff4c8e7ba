namespace CellOps.Sdk.Models;

/// <summary>
/// The interval an image-translation network's outputs span. The host maps each target channel's
/// <see cref="LowPercentile"/> onto <see cref="Low"/> and its <see cref="HighPercentile"/> onto
/// <see cref="High"/>, linearly; values beyond stay beyond (a tanh output then clips them).
/// </summary>
/// <param name="Low">The output value of a dark target pixel (e.g. −1 for tanh).</param>
/// <param name="High">The output value of a bright target pixel (e.g. 1 for tanh).</param>
public readonly record struct OutputRange(float Low, float High)
{
    /// <summary>The percentile of each target channel, over the training pairs, that maps onto <see cref="Low"/>.</summary>
    public const double LowPercentile = 0.1;

    /// <summary>The percentile of each target channel, over the training pairs, that maps onto <see cref="High"/>.</summary>
    public const double HighPercentile = 99.9;

    /// <summary>The range of tanh outputs, −1 to 1, as pix2pix uses.</summary>
    public static OutputRange Tanh { get; } = new(-1f, 1f);

    /// <summary>0 to 1, for sigmoid outputs or unbounded linear outputs trained on unit-scaled targets.</summary>
    public static OutputRange Unit { get; } = new(0f, 1f);

    /// <inheritdoc />
    public override string ToString() => $"{Low}..{High}";
}
