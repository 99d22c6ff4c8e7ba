namespace CellOps.Runtime.Optimization;

/// <summary>
/// Uniformly random values (log-uniform on log scales, each integer and choice equally likely): the
/// baseline a Bayesian search must beat, and a fair one (Bergstra and Bengio, 2012). Its batches are
/// simply several draws: random points need no coordination to run in parallel.
/// </summary>
public sealed class RandomSearch : IHyperParameterOptimizer
{
    private readonly Random _random;
    private readonly SearchRecord _record;

    /// <summary>Creates the search.</summary>
    public RandomSearch(SearchSpace space, long seed)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        _record = new SearchRecord(space);
        _random = SearchRandom.Create(seed);
    }

    /// <inheritdoc />
    public SearchSpace Space { get; }

    /// <inheritdoc />
    public IReadOnlyList<Observation> Observations => _record.Observations;

    /// <inheritdoc />
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Pending => _record.Pending;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Propose() => ProposeBatch(1)[0];

    /// <inheritdoc />
    public IReadOnlyList<IReadOnlyDictionary<string, double>> ProposeBatch(int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "A batch needs at least one proposal.");
        var batch = new IReadOnlyDictionary<string, double>[count];
        for (int i = 0; i < count; i++)
        {
            var point = Space.Sample(_random);
            _record.Proposed(Space.Snap(point));
            batch[i] = Space.Decode(point);
        }
        return batch;
    }

    /// <inheritdoc />
    public void Observe(IReadOnlyDictionary<string, double> values, double score) => _record.Observe(values, score);

    /// <inheritdoc />
    public bool Withdraw(IReadOnlyDictionary<string, double> values) => _record.Withdraw(values);
}
