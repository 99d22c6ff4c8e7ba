namespace CellOps.Runtime.Optimization;

/// <summary>
/// The Matérn 5/2 covariance with one length scale per feature (automatic relevance determination):
/// k(x, x') = σ² (1 + √5 r + 5r²/3) exp(−√5 r), r² = Σᵢ ((xᵢ − x'ᵢ) / ℓᵢ)².
/// </summary>
/// <remarks>
/// Matérn 5/2 rather than the squared exponential: its functions are twice differentiable but not
/// infinitely smooth, which suits validation losses and is the usual choice in hyperparameter search
/// (Snoek, Larochelle and Adams, 2012). Per-feature length scales let the fit learn that some
/// hyperparameters matter little (a long scale) and others a lot (a short one).
/// </remarks>
public sealed class Matern52Kernel
{
    private static readonly double Sqrt5 = Math.Sqrt(5);
    private readonly double[] _lengthScales;

    /// <summary>Creates the kernel.</summary>
    /// <param name="lengthScales">One positive length scale per feature.</param>
    /// <param name="signalVariance">σ², the prior variance of the function; positive.</param>
    public Matern52Kernel(IReadOnlyList<double> lengthScales, double signalVariance)
    {
        ArgumentNullException.ThrowIfNull(lengthScales);
        if (lengthScales.Count == 0 || lengthScales.Any(l => !(l > 0) || double.IsInfinity(l)))
            throw new ArgumentException("Length scales must be positive and finite, at least one.", nameof(lengthScales));
        if (!(signalVariance > 0) || double.IsInfinity(signalVariance))
            throw new ArgumentOutOfRangeException(nameof(signalVariance), signalVariance, "The signal variance must be positive and finite.");
        _lengthScales = lengthScales.ToArray();
        SignalVariance = signalVariance;
    }

    /// <summary>The length scale of each feature.</summary>
    public IReadOnlyList<double> LengthScales => _lengthScales;

    /// <summary>σ².</summary>
    public double SignalVariance { get; }

    /// <summary>Features the kernel takes.</summary>
    public int Dimensions => _lengthScales.Length;

    /// <summary>The covariance of the function at <paramref name="a"/> and <paramref name="b"/>.</summary>
    public double Evaluate(double[] a, double[] b)
    {
        double r2 = 0;
        for (int i = 0; i < _lengthScales.Length; i++)
        {
            double d = (a[i] - b[i]) / _lengthScales[i];
            r2 += d * d;
        }
        double sr = Sqrt5 * Math.Sqrt(r2);
        return SignalVariance * (1 + sr + sr * sr / 3) * Math.Exp(-sr);
    }
}
