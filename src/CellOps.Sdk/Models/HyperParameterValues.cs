using System.Collections;

namespace CellOps.Sdk.Models;

/// <summary>
/// The hyperparameter values of one training run: every declared hyperparameter, the user's value
/// where one was given and the default otherwise. Names are case-insensitive.
/// </summary>
public sealed class HyperParameterValues : IReadOnlyDictionary<string, double>
{
    private readonly Dictionary<string, double> _values;
    private readonly Dictionary<string, HyperParameter> _declared;

    private HyperParameterValues(Dictionary<string, double> values, Dictionary<string, HyperParameter> declared)
    {
        _values = values;
        _declared = declared;
    }

    /// <summary>Resolves values against a model's declarations.</summary>
    /// <param name="declared">The model's hyperparameters.</param>
    /// <param name="given">Values the user gave (may be empty).</param>
    /// <exception cref="ArgumentException">A name the model does not declare (the message lists those it does).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value outside its range.</exception>
    public static HyperParameterValues Resolve(IReadOnlyList<HyperParameter> declared, IReadOnlyDictionary<string, double>? given)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var values = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var byName = new Dictionary<string, HyperParameter>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in declared)
        {
            values[parameter.Name] = parameter.Default;
            byName[parameter.Name] = parameter;
        }
        if (given is not null)
        {
            foreach (var (name, value) in given)
            {
                var parameter = declared.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                    ?? throw new ArgumentException(
                        $"Unknown hyperparameter '{name}'. This model has: {string.Join(", ", declared.Select(p => p.Name))}.", name);
                values[parameter.Name] = parameter.Check(value);
            }
        }
        return new HyperParameterValues(values, byName);
    }

    /// <summary>A real-valued hyperparameter.</summary>
    /// <exception cref="KeyNotFoundException">Not declared.</exception>
    public double GetReal(string name) => _values.TryGetValue(name, out var v) ? v
        : throw new KeyNotFoundException($"No hyperparameter '{name}'.");

    /// <summary>An integer hyperparameter.</summary>
    /// <exception cref="KeyNotFoundException">Not declared.</exception>
    public int GetInt(string name) => checked((int)Math.Round(GetReal(name)));

    /// <summary>The chosen name of a categorical hyperparameter (e.g. <c>SGD</c>).</summary>
    /// <exception cref="KeyNotFoundException">Not declared.</exception>
    /// <exception cref="InvalidOperationException">Declared, but not categorical.</exception>
    public string GetChoice(string name)
    {
        double value = GetReal(name);
        var parameter = _declared[name];
        if (parameter.Kind != HyperParameterKind.Categorical)
            throw new InvalidOperationException($"Hyperparameter '{parameter.Name}' is {parameter.Kind}, not categorical; read it with GetReal or GetInt.");
        return parameter.Choices[(int)value];
    }

    /// <summary>A value as people read it: the choice's name for a categorical hyperparameter, the number otherwise.</summary>
    /// <exception cref="KeyNotFoundException">Not declared.</exception>
    public string Format(string name) => _declared[name].FormatValue(GetReal(name));

    /// <inheritdoc />
    public double this[string key] => GetReal(key);

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc />
    public IEnumerable<double> Values => _values.Values;

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out double value) => _values.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, double>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() =>
        string.Join(" ", _values.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => $"{p.Key}={Format(p.Key)}"));
}
