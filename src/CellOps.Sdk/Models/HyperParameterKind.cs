namespace CellOps.Sdk.Models;

/// <summary>The value type and search scale of a hyperparameter.</summary>
public enum HyperParameterKind
{
    /// <summary>A whole number in [Min, Max].</summary>
    Integer,

    /// <summary>A real number in [Min, Max], searched on a linear scale.</summary>
    Real,

    /// <summary>A positive real number in [Min, Max], searched on a log scale (learning rates, weight decay).</summary>
    LogReal,

    /// <summary>
    /// One of a list of named choices (an optimizer, an activation). Stored as the choice's index, so
    /// that every hyperparameter value is a number; <see cref="HyperParameter.Choices"/> names them.
    /// </summary>
    Categorical,
}
