namespace CellOps.Runtime.Optimization;

/// <summary>
/// What a search has been told and what it still waits for: the scores observed, and the points it
/// has proposed whose scores have not come back (trials still running, perhaps on other nodes), kept so
/// that the next proposals go elsewhere. Every optimiser records results the same way.
/// </summary>
internal sealed class SearchRecord
{
    private readonly List<Observation> _observations = new();
    private readonly List<double[]> _pending = new();

    public SearchRecord(SearchSpace space) => Space = space;

    public SearchSpace Space { get; }

    public IReadOnlyList<Observation> Observations => _observations;

    public IReadOnlyList<double[]> PendingPoints => _pending;

    /// <summary>The pending points as values, for <see cref="IHyperParameterOptimizer.Pending"/>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Pending =>
        _pending.Select(p => (IReadOnlyDictionary<string, double>)Space.Decode(p)).ToArray();

    /// <summary>A proposal handed out, in the space's snapped coordinates.</summary>
    public void Proposed(double[] point) => _pending.Add(point);

    /// <summary>A score for <paramref name="values"/>: no longer pending, now observed.</summary>
    public void Observe(IReadOnlyDictionary<string, double> values, double score)
    {
        ArgumentNullException.ThrowIfNull(values);
        var point = Space.Encode(values);
        RemovePending(point);
        _observations.Add(new Observation(Space.Decode(point), point, score));
    }

    /// <summary>Forgets a pending proposal that will never be scored; false where it was not pending.</summary>
    public bool Withdraw(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return RemovePending(Space.Encode(values));
    }

    private bool RemovePending(double[] point)
    {
        int index = _pending.FindIndex(p => AcquisitionMaximizer.SameAs(p, point));
        if (index < 0) return false;
        _pending.RemoveAt(index);
        return true;
    }
}
