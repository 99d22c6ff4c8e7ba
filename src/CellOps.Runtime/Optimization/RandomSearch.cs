namespace CellOps.Runtime.Optimization;

/// <summary>
/// Uniformly random values (log-uniform on log scales, each integer and choice equally likely): the
/// baseline a Bayesian search must beat, and a fair one (Bergstra and Bengio, 2012).
/// </summary>
public sealed class RandomSearch : IHyperParameterOptimizer
{
    private readonly Random _random;
    private readonly List<Observation> _observations = new();

    /// <summary>Creates the search.</summary>
    public RandomSearch(SearchSpace space, long seed)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        _random = SearchRandom.Create(seed);
    }

    /// <inheritdoc />
    public SearchSpace Space { get; }

    /// <inheritdoc />
    public IReadOnlyList<Observation> Observations => _observations;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Propose() => Space.Decode(Space.Sample(_random));

    /// <inheritdoc />
    public void Observe(IReadOnlyDictionary<string, double> values, double score)
    {
        ArgumentNullException.ThrowIfNull(values);
        var point = Space.Encode(values);
        _observations.Add(new Observation(Space.Decode(point), point, score));
    }
}
