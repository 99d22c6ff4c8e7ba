namespace CellOps.Runtime.Optimization;

/// <summary>
/// Points a search has proposed whose scores it has not been told yet: trials still running, perhaps
/// on other nodes. A search keeps them so that the next proposals go elsewhere.
/// </summary>
internal sealed class PendingPoints
{
    private readonly List<double[]> _points = new();

    public IReadOnlyList<double[]> Points => _points;

    public int Count => _points.Count;

    public void Add(double[] point) => _points.Add(point);

    /// <summary>Forgets one pending copy of <paramref name="point"/>; false where it was not pending.</summary>
    public bool Remove(double[] point)
    {
        int index = _points.FindIndex(p => AcquisitionMaximizer.SameAs(p, point));
        if (index < 0) return false;
        _points.RemoveAt(index);
        return true;
    }

    /// <summary>The pending values, decoded.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Decode(SearchSpace space) =>
        _points.Select(p => (IReadOnlyDictionary<string, double>)space.Decode(p)).ToArray();
}
