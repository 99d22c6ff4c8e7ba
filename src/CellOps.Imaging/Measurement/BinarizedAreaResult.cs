namespace CellOps.Imaging.Measurement;

/// <summary>The result of <see cref="BinarizedArea.Measure"/>.</summary>
/// <param name="Image">Name of the measured image.</param>
/// <param name="Fraction">Positive pixels / all pixels.</param>
/// <param name="Threshold">The threshold used.</param>
/// <param name="PositivePixels">Pixels strictly above the threshold.</param>
/// <param name="Pixels">All pixels.</param>
public sealed record BinarizedAreaResult(string Image, double Fraction, double Threshold, long PositivePixels, long Pixels);
