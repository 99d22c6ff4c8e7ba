namespace CellOps.Runtime.Metrics;

/// <summary>
/// What Pearson's r, the mean absolute error and the mean squared error of paired pixel values
/// (truth t, prediction p) need, kept as means and centred sums rather than raw power sums, so that
/// bands, images and sets merge without the cancellation that Σt² − (Σt)²/n suffers on bright,
/// flat images (the parallel update of Chan, Golub and LeVeque).
/// </summary>
/// <param name="Count">Pixel pairs n.</param>
/// <param name="MeanTruth">Mean of t.</param>
/// <param name="MeanPrediction">Mean of p.</param>
/// <param name="CentredSquaresTruth">Σ(t − mean t)².</param>
/// <param name="CentredSquaresPrediction">Σ(p − mean p)².</param>
/// <param name="CentredCrossProducts">Σ(t − mean t)(p − mean p).</param>
/// <param name="SumAbsoluteError">Σ|p − t|.</param>
/// <param name="SumSquaredError">Σ(p − t)².</param>
public readonly record struct PairedPixelMoments(
    long Count,
    double MeanTruth,
    double MeanPrediction,
    double CentredSquaresTruth,
    double CentredSquaresPrediction,
    double CentredCrossProducts,
    double SumAbsoluteError,
    double SumSquaredError)
{
    /// <summary>Pearson's r = Σ(t − t̄)(p − p̄) / √(Σ(t − t̄)² Σ(p − p̄)²); null where either side does not vary.</summary>
    public double? Pearson =>
        CentredSquaresTruth > 0 && CentredSquaresPrediction > 0
            ? Math.Clamp(CentredCrossProducts / Math.Sqrt(CentredSquaresTruth * CentredSquaresPrediction), -1, 1)
            : null;

    /// <summary>Σ|p − t| / n; null for no pixels.</summary>
    public double? MeanAbsoluteError => Count > 0 ? SumAbsoluteError / Count : null;

    /// <summary>Σ(p − t)² / n; null for no pixels.</summary>
    public double? MeanSquaredError => Count > 0 ? SumSquaredError / Count : null;

    /// <summary>The moments of paired values held in two spans of equal length.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static PairedPixelMoments Of(ReadOnlySpan<float> truth, ReadOnlySpan<float> prediction)
    {
        if (truth.Length != prediction.Length)
            throw new ArgumentException($"Paired moments need as many predicted values ({prediction.Length}) as true ones ({truth.Length}).");
        int n = truth.Length;
        if (n == 0) return default;
        double sumT = 0, sumP = 0;
        for (int i = 0; i < n; i++)
        {
            sumT += truth[i];
            sumP += prediction[i];
        }
        double meanT = sumT / n, meanP = sumP / n;
        double stt = 0, spp = 0, stp = 0, abs = 0, sq = 0;
        for (int i = 0; i < n; i++)
        {
            double t = truth[i], p = prediction[i];
            double dt = t - meanT, dp = p - meanP, e = p - t;
            stt += dt * dt;
            spp += dp * dp;
            stp += dt * dp;
            abs += Math.Abs(e);
            sq += e * e;
        }
        return new PairedPixelMoments(n, meanT, meanP, stt, spp, stp, abs, sq);
    }

    /// <summary>The moments of the union of both sets of pairs.</summary>
    public PairedPixelMoments Merge(PairedPixelMoments other)
    {
        if (other.Count == 0) return this;
        if (Count == 0) return other;
        long n = Count + other.Count;
        double wa = (double)Count / n, wb = (double)other.Count / n;
        double dT = other.MeanTruth - MeanTruth, dP = other.MeanPrediction - MeanPrediction;
        // n_a·n_b/n · δ² is the between-group part of the centred sums.
        double between = (double)Count * other.Count / n;
        return new PairedPixelMoments(
            n,
            MeanTruth * wa + other.MeanTruth * wb,
            MeanPrediction * wa + other.MeanPrediction * wb,
            CentredSquaresTruth + other.CentredSquaresTruth + between * dT * dT,
            CentredSquaresPrediction + other.CentredSquaresPrediction + between * dP * dP,
            CentredCrossProducts + other.CentredCrossProducts + between * dT * dP,
            SumAbsoluteError + other.SumAbsoluteError,
            SumSquaredError + other.SumSquaredError);
    }
}
