using CellOps.Sdk.Models;

namespace CellOps.Runtime.Optimization;

/// <summary>
/// The hyperparameters a search varies, mapped onto a unit cube where the Gaussian process works.
/// A point of the cube is a <c>double[]</c> of <see cref="FeatureCount"/> features; every point the
/// search produces is "snapped" (integers whole, one choice per categorical), so what the surrogate
/// models is exactly what gets evaluated.
/// </summary>
public sealed class SearchSpace
{
    private readonly SearchDimension[] _dimensions;

    /// <summary>Creates the space of <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">No parameters, or a name twice (ignoring case).</exception>
    public SearchSpace(IEnumerable<HyperParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var list = parameters.ToList();
        if (list.Count == 0) throw new ArgumentException("A search needs at least one hyperparameter to vary.", nameof(parameters));
        var duplicate = list.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Hyperparameter '{duplicate.Key}' is listed twice.", nameof(parameters));
        _dimensions = new SearchDimension[list.Count];
        int offset = 0;
        for (int i = 0; i < list.Count; i++)
        {
            _dimensions[i] = new SearchDimension(list[i], offset);
            offset += _dimensions[i].Width;
        }
        FeatureCount = offset;
    }

    /// <summary>The hyperparameters, in order.</summary>
    public IReadOnlyList<SearchDimension> Dimensions => _dimensions;

    /// <summary>Features of a point (one per numeric hyperparameter, one per choice of a categorical one).</summary>
    public int FeatureCount { get; }

    /// <summary>The point of <paramref name="values"/>; hyperparameters missing from it take their defaults.</summary>
    public double[] Encode(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var point = new double[FeatureCount];
        foreach (var d in _dimensions)
        {
            d.Encode(TryGet(values, d.Parameter.Name, out var v) ? v : d.Parameter.Default, point);
        }
        return point;
    }

    /// <summary>The hyperparameter values at <paramref name="point"/> (case-insensitive names).</summary>
    public Dictionary<string, double> Decode(double[] point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Length != FeatureCount) throw new ArgumentException($"A point of this space has {FeatureCount} features; got {point.Length}.", nameof(point));
        var values = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in _dimensions) values[d.Parameter.Name] = d.Decode(point);
        return values;
    }

    /// <summary>A uniformly random point.</summary>
    public double[] Sample(Random random)
    {
        var point = new double[FeatureCount];
        foreach (var d in _dimensions) d.Sample(random, point);
        return point;
    }

    /// <summary>A point near <paramref name="point"/>: every hyperparameter moved by about <paramref name="scale"/>.</summary>
    public double[] Neighbour(double[] point, double scale, Random random)
    {
        var next = (double[])point.Clone();
        foreach (var d in _dimensions) d.Perturb(random, next, scale);
        return next;
    }

    /// <summary>The point decoding and encoding <paramref name="point"/> gives: the nearest value the hyperparameters can take.</summary>
    public double[] Snap(double[] point) => Encode(Decode(point));

    /// <summary>Text of <paramref name="values"/> for people, e.g. <c>Dropout=0.25 Optimizer=SGD</c>, in this space's order.</summary>
    public string Describe(IReadOnlyDictionary<string, double> values) =>
        string.Join(" ", _dimensions.Select(d => $"{d.Parameter.Name}={(TryGet(values, d.Parameter.Name, out var v) ? d.Parameter.FormatValue(v) : "?")}"));

    private static bool TryGet(IReadOnlyDictionary<string, double> values, string name, out double value)
    {
        if (values.TryGetValue(name, out value)) return true;
        foreach (var (key, v) in values)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }
        return false;
    }
}
