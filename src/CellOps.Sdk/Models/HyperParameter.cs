using System.Globalization;

namespace CellOps.Sdk.Models;

/// <summary>A hyperparameter a model declares: its name, range and default, so the host can validate and search it.</summary>
public sealed record HyperParameter
{
    /// <summary>Declares a hyperparameter.</summary>
    /// <param name="name">Name as users type it (e.g. <c>Depth</c>); case-insensitive.</param>
    /// <param name="kind">Value type and search scale.</param>
    /// <param name="min">Smallest allowed value.</param>
    /// <param name="max">Largest allowed value.</param>
    /// <param name="defaultValue">Value used when none is given; within [min, max].</param>
    /// <param name="description">One line for Get-CellModel and help.</param>
    public HyperParameter(string name, HyperParameterKind kind, double min, double max, double defaultValue, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!(min <= max)) throw new ArgumentException($"Hyperparameter {name}: min {min} exceeds max {max}.");
        if (kind == HyperParameterKind.LogReal && !(min > 0)) throw new ArgumentException($"Hyperparameter {name}: a log-scale range must be positive.");
        if (kind == HyperParameterKind.Integer && (min != Math.Floor(min) || max != Math.Floor(max)))
            throw new ArgumentException($"Hyperparameter {name}: an integer range needs whole bounds.");
        Name = name;
        Kind = kind;
        Min = min;
        Max = max;
        Description = description ?? "";
        Default = Check(defaultValue);
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>Value type and search scale.</summary>
    public HyperParameterKind Kind { get; }

    /// <summary>Smallest allowed value.</summary>
    public double Min { get; }

    /// <summary>Largest allowed value.</summary>
    public double Max { get; }

    /// <summary>The default value.</summary>
    public double Default { get; }

    /// <summary>One line saying what it does.</summary>
    public string Description { get; }

    /// <summary>Validates a value given by a user.</summary>
    /// <returns>The value (integers as whole numbers).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Out of range, or not whole for an integer.</exception>
    public double Check(double value)
    {
        if (double.IsNaN(value) || value < Min || value > Max)
            throw new ArgumentOutOfRangeException(Name, value, $"{Name} must be between {Format(Min)} and {Format(Max)}; got {Format(value)}.");
        if (Kind == HyperParameterKind.Integer && value != Math.Floor(value))
            throw new ArgumentOutOfRangeException(Name, value, $"{Name} must be a whole number; got {Format(value)}.");
        return value;
    }

    /// <summary>The range as text, e.g. <c>1..6</c> or <c>1e-05..0.1 (log)</c>.</summary>
    public string Range => Kind == HyperParameterKind.LogReal ? $"{Format(Min)}..{Format(Max)} (log)" : $"{Format(Min)}..{Format(Max)}";

    /// <inheritdoc />
    public override string ToString() => $"{Name}={Format(Default)} [{Range}]";

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
