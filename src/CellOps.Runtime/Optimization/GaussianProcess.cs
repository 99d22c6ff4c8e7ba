using MathNet.Numerics.LinearAlgebra;

namespace CellOps.Runtime.Optimization;

/// <summary>
/// A Gaussian-process regression of scores on points: the surrogate the Bayesian search asks where
/// a score is likely low (the mean) and where it is unknown (the variance). Scores are standardised
/// internally (zero mean, unit variance), so the kernel's and the noise's scales mean the same
/// whatever the units of the score.
/// </summary>
public sealed class GaussianProcess
{
    private const double Jitter = 1e-9;
    private readonly double[][] _points;
    private readonly double[] _scores;
    private readonly double[] _alpha;
    private readonly double[,] _lower;
    private readonly double _mean;
    private readonly double _scale;

    /// <summary>Conditions the process on observations.</summary>
    /// <param name="kernel">Covariance of the standardised scores.</param>
    /// <param name="noiseVariance">Observation noise of the standardised scores; positive.</param>
    /// <param name="points">Observed points, each of <see cref="Matern52Kernel.Dimensions"/> features.</param>
    /// <param name="scores">Their scores, finite.</param>
    /// <exception cref="ArgumentException">No points, mismatched lengths, or a score that is not finite.</exception>
    public GaussianProcess(Matern52Kernel kernel, double noiseVariance, IReadOnlyList<double[]> points, IReadOnlyList<double> scores)
        : this(kernel, noiseVariance, points, scores, standardisation: null)
    {
    }

    private GaussianProcess(Matern52Kernel kernel, double noiseVariance, IReadOnlyList<double[]> points, IReadOnlyList<double> scores,
        (double Mean, double Scale)? standardisation)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(scores);
        if (points.Count == 0 || points.Count != scores.Count) throw new ArgumentException("A Gaussian process needs as many scores as points, at least one.");
        if (points.Any(p => p.Length != kernel.Dimensions)) throw new ArgumentException($"Every point needs {kernel.Dimensions} features.", nameof(points));
        if (scores.Any(s => !double.IsFinite(s))) throw new ArgumentException("Scores must be finite.", nameof(scores));
        if (!(noiseVariance > 0)) throw new ArgumentOutOfRangeException(nameof(noiseVariance), noiseVariance, "The noise variance must be positive.");

        Kernel = kernel;
        NoiseVariance = noiseVariance;
        _points = points.Select(p => (double[])p.Clone()).ToArray();
        _scores = scores.ToArray();
        int n = _points.Length;
        if (standardisation is var (mean, scale))
        {
            (_mean, _scale) = (mean, scale);
        }
        else
        {
            _mean = scores.Average();
            double variance = scores.Sum(s => (s - _mean) * (s - _mean)) / n;
            _scale = variance > 1e-24 ? Math.Sqrt(variance) : 1;
        }
        var y = Vector<double>.Build.Dense(n, i => (scores[i] - _mean) / _scale);

        var covariance = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double k = kernel.Evaluate(_points[i], _points[j]);
                covariance[i, j] = k;
                covariance[j, i] = k;
            }
        }
        var cholesky = Factor(covariance, noiseVariance);
        var alpha = cholesky.Solve(y);
        _alpha = alpha.ToArray();
        _lower = cholesky.Factor.ToArray();

        double logDeterminantHalf = 0;
        for (int i = 0; i < n; i++) logDeterminantHalf += Math.Log(_lower[i, i]);
        LogMarginalLikelihood = -0.5 * y.DotProduct(alpha) - logDeterminantHalf - 0.5 * n * Math.Log(2 * Math.PI);
    }

    /// <summary>The covariance.</summary>
    public Matern52Kernel Kernel { get; }

    /// <summary>The observation noise (of standardised scores).</summary>
    public double NoiseVariance { get; }

    /// <summary>Observations the process is conditioned on.</summary>
    public int Count => _points.Length;

    /// <summary>
    /// log p(y | X, θ) of the standardised scores: how well the kernel and noise explain the data,
    /// trading fit against complexity; the fit of θ maximises it.
    /// </summary>
    public double LogMarginalLikelihood { get; }

    /// <summary>
    /// The same process (kernel, noise and standardisation of the scores) conditioned on further
    /// observations as well, such as the made-up scores of points still being evaluated: what the
    /// search would believe were it told them, without refitting the kernel to them.
    /// </summary>
    internal GaussianProcess Including(IReadOnlyList<double[]> points, IReadOnlyList<double> scores)
    {
        if (points.Count != scores.Count) throw new ArgumentException("As many scores as points are needed.", nameof(scores));
        if (points.Count == 0) return this;
        return new GaussianProcess(Kernel, NoiseVariance, _points.Concat(points).ToArray(), _scores.Concat(scores).ToArray(), (_mean, _scale));
    }

    /// <summary>The posterior mean and variance of the (noise-free) score at <paramref name="point"/>, in the scores' own units.</summary>
    public (double Mean, double Variance) Predict(double[] point)
    {
        ArgumentNullException.ThrowIfNull(point);
        int n = _points.Length;
        Span<double> v = n <= 256 ? stackalloc double[n] : new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            v[i] = Kernel.Evaluate(_points[i], point);
            mean += v[i] * _alpha[i];
        }
        // v = L⁻¹ k*, by forward substitution; the variance is k(x, x) − |v|².
        for (int i = 0; i < n; i++)
        {
            double sum = v[i];
            for (int j = 0; j < i; j++) sum -= _lower[i, j] * v[j];
            v[i] = sum / _lower[i, i];
        }
        double reduction = 0;
        for (int i = 0; i < n; i++) reduction += v[i] * v[i];
        double variance = Math.Max(Kernel.Evaluate(point, point) - reduction, 1e-12);
        return (_mean + _scale * mean, _scale * _scale * variance);
    }

    private static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> Factor(Matrix<double> covariance, double noiseVariance)
    {
        // Near-duplicate points make the matrix numerically singular; more jitter on the diagonal
        // is the standard remedy and changes the fit negligibly.
        double jitter = Jitter;
        for (int attempt = 0; attempt < 8; attempt++, jitter *= 100)
        {
            var k = covariance.Clone();
            for (int i = 0; i < k.RowCount; i++) k[i, i] += noiseVariance + jitter;
            try
            {
                var cholesky = k.Cholesky();
                if (cholesky.Factor.Diagonal().All(d => d > 0 && double.IsFinite(d))) return cholesky;
            }
            catch (ArgumentException)
            {
                // Not positive definite at this jitter: try more.
            }
        }
        throw new InvalidOperationException("The covariance matrix is not positive definite even with jitter.");
    }
}
