namespace CellOps.Runtime.Optimization;

/// <summary>
/// Bayesian optimisation: a few random points first, then each proposal is where the expected
/// improvement over the best score so far is largest under a Gaussian process (Matérn 5/2, ARD)
/// fitted to every score observed. It needs far fewer evaluations than random search when each one
/// is expensive, as training a model is. Deterministic given its seed and the scores it is told.
/// </summary>
public sealed class BayesianOptimizer : IHyperParameterOptimizer
{
    // A margin of a hundredth of the scores' spread: a proposal must promise a real improvement.
    private const double RelativeMargin = 0.01;
    private readonly Random _random;
    private readonly List<Observation> _observations = new();
    private GaussianProcess? _surrogate;

    /// <summary>Creates the search.</summary>
    /// <param name="space">What to search.</param>
    /// <param name="initialTrials">Random proposals before the surrogate guides the search (at least 1).</param>
    /// <param name="seed">Seed of every random choice.</param>
    public BayesianOptimizer(SearchSpace space, int initialTrials, long seed)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        if (initialTrials < 1) throw new ArgumentOutOfRangeException(nameof(initialTrials), initialTrials, "At least one random trial must come first.");
        InitialTrials = initialTrials;
        _random = SearchRandom.Create(seed);
    }

    /// <inheritdoc />
    public SearchSpace Space { get; }

    /// <summary>Random proposals before the surrogate guides the search.</summary>
    public int InitialTrials { get; }

    /// <inheritdoc />
    public IReadOnlyList<Observation> Observations => _observations;

    /// <summary>The surrogate of the last guided proposal, or null before the first.</summary>
    public GaussianProcess? Surrogate => _surrogate;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Propose()
    {
        var finite = _observations.Where(o => double.IsFinite(o.Score)).ToList();
        if (_observations.Count < InitialTrials || finite.Count == 0) return Space.Decode(RandomUnobserved());

        // Failed evaluations count as the worst score seen: the surrogate learns to stay away
        // from them without a made-up number distorting its scale.
        double worst = finite.Max(o => o.Score);
        var points = _observations.Select(o => o.Point).ToList();
        var scores = _observations.Select(o => double.IsFinite(o.Score) ? o.Score : worst).ToList();
        _surrogate = GaussianProcessFit.Fit(points, scores, _random, _surrogate);

        double best = finite.Min(o => o.Score);
        double spread = Math.Sqrt(scores.Sum(s => (s - scores.Average()) * (s - scores.Average())) / scores.Count);
        double margin = RelativeMargin * spread;
        var surrogate = _surrogate;
        double Acquisition(double[] x)
        {
            var (mean, variance) = surrogate.Predict(x);
            return ExpectedImprovement.Compute(mean, variance, best, margin);
        }

        var incumbents = finite.OrderBy(o => o.Score).Take(3).Select(o => o.Point).ToList();
        var next = AcquisitionMaximizer.Maximize(Space, Acquisition, points, incumbents, _random);
        return Space.Decode(next ?? RandomUnobserved());
    }

    /// <inheritdoc />
    public void Observe(IReadOnlyDictionary<string, double> values, double score)
    {
        ArgumentNullException.ThrowIfNull(values);
        var point = Space.Encode(values);
        _observations.Add(new Observation(Space.Decode(point), point, score));
    }

    private double[] RandomUnobserved()
    {
        // A small discrete space can run out of new points; then a repeat is the only choice.
        double[] point = Space.Sample(_random);
        for (int attempt = 0; attempt < 100 && _observations.Any(o => o.Point.AsSpan().SequenceEqual(point)); attempt++)
            point = Space.Sample(_random);
        return point;
    }
}
