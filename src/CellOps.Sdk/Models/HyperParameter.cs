using System.Globalization;

namespace CellOps.Sdk.Models;

/// <summary>A hyperparameter a model declares: its name, range and default, so the host can validate and search it.</summary>
/// <remarks>
/// Every value is stored as a number: numeric kinds as themselves, a <see cref="HyperParameterKind.Categorical"/>
/// one as the index of its choice. That keeps <see cref="HyperParameterValues"/>, model manifests and the
/// search space one numeric shape; <see cref="Parse"/> and <see cref="FormatValue"/> translate for people.
/// </remarks>
public sealed record HyperParameter
{
    private readonly string[] _choices;

    /// <summary>Declares a numeric hyperparameter.</summary>
    /// <param name="name">Name as users type it (e.g. <c>Depth</c>); case-insensitive.</param>
    /// <param name="kind">Value type and search scale; not <see cref="HyperParameterKind.Categorical"/> (that has its own constructor).</param>
    /// <param name="min">Smallest allowed value.</param>
    /// <param name="max">Largest allowed value.</param>
    /// <param name="defaultValue">Value used when none is given; within [min, max].</param>
    /// <param name="description">One line for Get-CellModel and help.</param>
    public HyperParameter(string name, HyperParameterKind kind, double min, double max, double defaultValue, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (kind == HyperParameterKind.Categorical)
            throw new ArgumentException($"Hyperparameter {name}: a categorical hyperparameter is declared with its choices.", nameof(kind));
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Hyperparameter {name}: unknown kind.");
        if (!(min <= max)) throw new ArgumentException($"Hyperparameter {name}: min {min} exceeds max {max}.");
        if (kind == HyperParameterKind.LogReal && !(min > 0)) throw new ArgumentException($"Hyperparameter {name}: a log-scale range must be positive.");
        if (kind == HyperParameterKind.Integer && (min != Math.Floor(min) || max != Math.Floor(max)))
            throw new ArgumentException($"Hyperparameter {name}: an integer range needs whole bounds.");
        Name = name;
        Kind = kind;
        Min = min;
        Max = max;
        Description = description ?? "";
        _choices = Array.Empty<string>();
        Default = Check(defaultValue);
    }

    /// <summary>Declares a categorical hyperparameter: one of named choices.</summary>
    /// <param name="name">Name as users type it (e.g. <c>Optimizer</c>); case-insensitive.</param>
    /// <param name="choices">The choices, e.g. <c>Adam</c>, <c>SGD</c>; distinct ignoring case, at least one.</param>
    /// <param name="defaultChoice">The choice used when none is given; one of <paramref name="choices"/> (ignoring case).</param>
    /// <param name="description">One line for Get-CellModel and help.</param>
    public HyperParameter(string name, IReadOnlyList<string> choices, string defaultChoice, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count == 0) throw new ArgumentException($"Hyperparameter {name}: a categorical hyperparameter needs at least one choice.", nameof(choices));
        if (choices.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException($"Hyperparameter {name}: a choice is empty.", nameof(choices));
        var duplicate = choices.GroupBy(c => c.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Hyperparameter {name}: the choice '{duplicate.Key}' is listed twice.", nameof(choices));
        Name = name;
        Kind = HyperParameterKind.Categorical;
        _choices = choices.Select(c => c.Trim()).ToArray();
        Min = 0;
        Max = _choices.Length - 1;
        Description = description ?? "";
        Default = Parse(defaultChoice ?? throw new ArgumentNullException(nameof(defaultChoice)));
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>Value type and search scale.</summary>
    public HyperParameterKind Kind { get; }

    /// <summary>Smallest allowed value (0 for a categorical hyperparameter: the first choice's index).</summary>
    public double Min { get; }

    /// <summary>Largest allowed value (the last choice's index for a categorical hyperparameter).</summary>
    public double Max { get; }

    /// <summary>
    /// The value that packages trained before this hyperparameter existed were trained with, used when a
    /// package does not record it; null when such packages used <see cref="Default"/> (or there are none).
    /// Set it when adding a hyperparameter whose default changes the network, so older packages still load.
    /// For a categorical hyperparameter it is the choice's index, as <see cref="Parse"/> gives it.
    /// </summary>
    public double? ValueInOlderPackages { get; init; }

    /// <summary>The default value (a choice's index for a categorical hyperparameter).</summary>
    public double Default { get; }

    /// <summary>One line saying what it does.</summary>
    public string Description { get; }

    /// <summary>The choices of a categorical hyperparameter, index = stored value; empty for the numeric kinds.</summary>
    public IReadOnlyList<string> Choices => _choices;

    /// <summary>Validates a value given by a user (a choice's index for a categorical hyperparameter).</summary>
    /// <returns>The value (integers and choice indices as whole numbers).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Out of range, or not whole for an integer or a choice.</exception>
    public double Check(double value)
    {
        if (Kind == HyperParameterKind.Categorical)
        {
            if (double.IsNaN(value) || value < Min || value > Max || value != Math.Floor(value))
                throw new ArgumentOutOfRangeException(Name, value, $"{Name} must be one of {string.Join(", ", _choices)}; got {Format(value)}.");
            return value;
        }
        if (double.IsNaN(value) || value < Min || value > Max)
            throw new ArgumentOutOfRangeException(Name, value, $"{Name} must be between {Format(Min)} and {Format(Max)}; got {Format(value)}.");
        if (Kind == HyperParameterKind.Integer && value != Math.Floor(value))
            throw new ArgumentOutOfRangeException(Name, value, $"{Name} must be a whole number; got {Format(value)}.");
        return value;
    }

    /// <summary>
    /// Reads a value typed by a user: a choice's name (ignoring case) or index for a categorical
    /// hyperparameter, a number in invariant culture (<c>0.001</c>, <c>1e-3</c>) otherwise.
    /// </summary>
    /// <returns>The stored value, validated as <see cref="Check"/> does.</returns>
    /// <exception cref="ArgumentException">Not a choice, or not a number.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number out of range.</exception>
    public double Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (Kind == HyperParameterKind.Categorical)
        {
            int index = Array.FindIndex(_choices, c => string.Equals(c, trimmed, StringComparison.OrdinalIgnoreCase));
            if (index >= 0) return index;
            if (int.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number)) return Check(number);
            throw new ArgumentException($"{Name} must be one of {string.Join(", ", _choices)}; got '{text}'.", Name);
        }
        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw new ArgumentException($"{Name} must be a number; got '{text}'.", Name);
        return Check(value);
    }

    /// <summary>Reads a value given as an object: a string goes through <see cref="Parse"/>, a number through <see cref="Check"/>.</summary>
    /// <exception cref="ArgumentException">Neither a number nor text that parses, or out of range.</exception>
    public double ToValue(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value switch
        {
            string text => Parse(text),
            IConvertible number when value is not (bool or char or DateTime) => Check(number.ToDouble(CultureInfo.InvariantCulture)),
            _ => throw new ArgumentException($"{Name} takes {(Kind == HyperParameterKind.Categorical ? "a choice" : "a number")}; got {value.GetType().Name} '{value}'.", Name),
        };
    }

    /// <summary>A stored value as people read it: the choice's name for a categorical hyperparameter, the number otherwise.</summary>
    public string FormatValue(double value)
    {
        if (Kind == HyperParameterKind.Categorical && value == Math.Floor(value) && value >= 0 && value < _choices.Length)
            return _choices[(int)value];
        return Format(value);
    }

    /// <summary>The range as text, e.g. <c>1..6</c>, <c>1e-05..0.1 (log)</c> or <c>Adam|SGD</c>.</summary>
    public string Range => Kind switch
    {
        HyperParameterKind.LogReal => $"{Format(Min)}..{Format(Max)} (log)",
        HyperParameterKind.Categorical => string.Join("|", _choices),
        _ => $"{Format(Min)}..{Format(Max)}",
    };

    /// <inheritdoc />
    public bool Equals(HyperParameter? other) =>
        other is not null && Name == other.Name && Kind == other.Kind && Min.Equals(other.Min) && Max.Equals(other.Max)
        && Default.Equals(other.Default) && Description == other.Description && _choices.SequenceEqual(other._choices);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Kind, Min, Max, Default, Description, _choices.Length);

    /// <inheritdoc />
    public override string ToString() => $"{Name}={FormatValue(Default)} [{Range}]";

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
