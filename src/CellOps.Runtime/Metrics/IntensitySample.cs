namespace CellOps.Runtime.Metrics;

/// <summary>
/// A uniform random sample of pixels, each as its true and predicted value (raw units), for a
/// scatter plot of predicted against true intensity.
/// </summary>
/// <param name="Truth">True values, one per sampled pixel.</param>
/// <param name="Prediction">Predicted values of the same pixels, in the same order.</param>
public sealed record IntensitySample(IReadOnlyList<float> Truth, IReadOnlyList<float> Prediction)
{
    /// <summary>A sample of no pixels.</summary>
    public static IntensitySample Empty { get; } = new([], []);

    /// <summary>Sampled pixels.</summary>
    public int Count => Truth.Count;
}
