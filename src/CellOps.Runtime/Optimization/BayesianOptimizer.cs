namespace CellOps.Runtime.Optimization;

/// <summary>
/// Bayesian optimisation: a few random points first, then each proposal is where the expected
/// improvement over the best score so far is largest under a Gaussian process (Matérn 5/2, ARD)
/// fitted to every score observed. It needs far fewer evaluations than random search when each one
/// is expensive, as training a model is. Deterministic given its seed, the scores it is told and the
/// order of the calls.
/// </summary>
/// <remarks>
/// Batches use the constant liar (Ginsbourger, Le Riche and Carraro, 2010): after each point of a
/// batch is chosen, the process is conditioned on a made-up score there (the lie), so that the
/// expected improvement around it collapses and the next point goes elsewhere. Points still pending
/// from earlier batches are lied about the same way. The lie is the best score observed (CL-min, the
/// paper's own default): the model then expects nothing better than the incumbent at a pending point,
/// which removes the reason to sample next to it while leaving the mean elsewhere nearly as it was; a
/// lower lie would draw the batch into a cluster, a higher one (CL-max) pushes it into exploring. The
/// kernel is fitted to the real scores only, and the lies never enter <see cref="Observations"/>.
/// </remarks>
public sealed class BayesianOptimizer : IHyperParameterOptimizer
{
    // A margin of a hundredth of the scores' spread: a proposal must promise a real improvement.
    private const double RelativeMargin = 0.01;
    private readonly Random _random;
    private readonly SearchRecord _record;
    private GaussianProcess? _surrogate;

    /// <summary>Creates the search.</summary>
    /// <param name="space">What to search.</param>
    /// <param name="initialTrials">Random proposals before the surrogate guides the search (at least 1).</param>
    /// <param name="seed">Seed of every random choice.</param>
    public BayesianOptimizer(SearchSpace space, int initialTrials, long seed)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        _record = new SearchRecord(space);
        if (initialTrials < 1) throw new ArgumentOutOfRangeException(nameof(initialTrials), initialTrials, "At least one random trial must come first.");
        InitialTrials = initialTrials;
        _random = SearchRandom.Create(seed);
    }

    /// <inheritdoc />
    public SearchSpace Space { get; }

    /// <summary>Random proposals (observed and pending together) before the surrogate guides the search.</summary>
    public int InitialTrials { get; }

    /// <inheritdoc />
    public IReadOnlyList<Observation> Observations => _record.Observations;

    /// <inheritdoc />
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Pending => _record.Pending;

    /// <summary>The surrogate fitted to the real scores for the last guided proposal (no lies in it), or null before the first.</summary>
    public GaussianProcess? Surrogate => _surrogate;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Propose() => ProposeBatch(1)[0];

    /// <inheritdoc />
    public IReadOnlyList<IReadOnlyDictionary<string, double>> ProposeBatch(int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "A batch needs at least one proposal.");
        var finite = _record.Observations.Where(o => double.IsFinite(o.Score)).ToList();
        Func<double[]?>? guided = null;
        var batch = new IReadOnlyDictionary<string, double>[count];
        for (int i = 0; i < count; i++)
        {
            double[]? next = null;
            if (_record.Observations.Count + _record.PendingPoints.Count >= InitialTrials && finite.Count > 0)
            {
                // The kernel is fitted once per batch, to the real scores: the lies change nothing it could learn.
                guided ??= Guide(finite);
                next = guided();
            }
            next = Space.Snap(next ?? RandomUnvisited());
            _record.Proposed(next);
            batch[i] = Space.Decode(next);
        }
        return batch;
    }

    /// <inheritdoc />
    public void Observe(IReadOnlyDictionary<string, double> values, double score) => _record.Observe(values, score);

    /// <inheritdoc />
    public bool Withdraw(IReadOnlyDictionary<string, double> values) => _record.Withdraw(values);

    /// <summary>Fits the surrogate to the observations and returns what chooses each guided point, lying about the pending ones.</summary>
    private Func<double[]?> Guide(List<Observation> finite)
    {
        // Failed evaluations count as the worst score seen: the surrogate learns to stay away
        // from them without a made-up number distorting its scale.
        double worst = finite.Max(o => o.Score);
        var points = _record.Observations.Select(o => o.Point).ToList();
        var scores = _record.Observations.Select(o => double.IsFinite(o.Score) ? o.Score : worst).ToList();
        _surrogate = GaussianProcessFit.Fit(points, scores, _random, _surrogate);
        var fitted = _surrogate;

        double best = finite.Min(o => o.Score);
        double average = scores.Average();
        double spread = Math.Sqrt(scores.Sum(s => (s - average) * (s - average)) / scores.Count);
        double margin = RelativeMargin * spread;
        var incumbents = finite.OrderBy(o => o.Score).Take(3).Select(o => o.Point).ToList();

        return () =>
        {
            var pending = _record.PendingPoints;
            var surrogate = fitted.Including(pending, Enumerable.Repeat(best, pending.Count).ToArray());
            double Acquisition(double[] x)
            {
                var (mean, variance) = surrogate.Predict(x);
                return ExpectedImprovement.Compute(mean, variance, best, margin);
            }
            return AcquisitionMaximizer.Maximize(Space, Acquisition, points.Concat(pending).ToList(), incumbents, _random);
        };
    }

    private double[] RandomUnvisited()
    {
        // A small discrete space can run out of new points; then a repeat is the only choice.
        double[] point = Space.Sample(_random);
        for (int attempt = 0; attempt < 100 && Visited(point); attempt++)
            point = Space.Sample(_random);
        return point;
    }

    private bool Visited(double[] point) =>
        _record.Observations.Any(o => o.Point.AsSpan().SequenceEqual(point)) || _record.PendingPoints.Any(p => AcquisitionMaximizer.SameAs(p, point));
}
