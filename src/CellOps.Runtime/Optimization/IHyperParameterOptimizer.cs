namespace CellOps.Runtime.Optimization;

/// <summary>
/// A sequential hyperparameter search that minimises a score: it proposes values, is told the score
/// they got, and proposes again. Bayesian optimisation and random search share this shape, so the
/// same loop (and the same test) can run either.
/// </summary>
public interface IHyperParameterOptimizer
{
    /// <summary>The hyperparameters searched.</summary>
    SearchSpace Space { get; }

    /// <summary>What was observed so far, in order.</summary>
    IReadOnlyList<Observation> Observations { get; }

    /// <summary>The next values to evaluate (every hyperparameter of <see cref="Space"/>; case-insensitive names).</summary>
    IReadOnlyDictionary<string, double> Propose();

    /// <summary>Records the score <paramref name="values"/> got; lower is better. A non-finite score means the evaluation failed.</summary>
    void Observe(IReadOnlyDictionary<string, double> values, double score);
}
