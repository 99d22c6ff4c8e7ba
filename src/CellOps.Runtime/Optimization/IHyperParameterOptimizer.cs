namespace CellOps.Runtime.Optimization;

/// <summary>
/// A hyperparameter search that minimises a score: it proposes values, is told the score they got,
/// and proposes again. Bayesian optimisation and random search share this shape, so the same loop
/// (and the same test) can run either.
/// </summary>
/// <remarks>
/// Proposals may be evaluated in parallel: <see cref="ProposeBatch"/> asks for several at once, and
/// every proposal stays <see cref="Pending"/> until <see cref="Observe"/> reports its score or
/// <see cref="Withdraw"/> gives it up. A search steers new proposals away from pending ones, so a
/// new batch can be asked for while trials of the last are still running.
/// </remarks>
public interface IHyperParameterOptimizer
{
    /// <summary>The hyperparameters searched.</summary>
    SearchSpace Space { get; }

    /// <summary>What was observed so far, in order.</summary>
    IReadOnlyList<Observation> Observations { get; }

    /// <summary>Values proposed whose scores have not been reported (nor withdrawn) yet, in the order proposed.</summary>
    IReadOnlyList<IReadOnlyDictionary<string, double>> Pending { get; }

    /// <summary>The next values to evaluate (every hyperparameter of <see cref="Space"/>; case-insensitive names); the same as a batch of one.</summary>
    IReadOnlyDictionary<string, double> Propose();

    /// <summary>
    /// The next <paramref name="count"/> values to evaluate, all at once, for trials that run in
    /// parallel: distinct from each other, from what was observed and from what is pending, as long
    /// as the space has that many points left (a small discrete space can run out).
    /// </summary>
    /// <param name="count">Values wanted, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    IReadOnlyList<IReadOnlyDictionary<string, double>> ProposeBatch(int count);

    /// <summary>
    /// Records the score <paramref name="values"/> got; lower is better. A non-finite score means the
    /// evaluation failed. Values that were pending stop being so; values that were never proposed are
    /// recorded too.
    /// </summary>
    void Observe(IReadOnlyDictionary<string, double> values, double score);

    /// <summary>
    /// Gives up pending values that will never get a score (a trial cancelled or lost before it
    /// finished), so they no longer steer the proposals. Returns false where they were not pending.
    /// </summary>
    bool Withdraw(IReadOnlyDictionary<string, double> values);
}
