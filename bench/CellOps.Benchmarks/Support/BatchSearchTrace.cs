using CellOps.Runtime.Optimization;
using CellOps.Tests.Runtime.Optimization;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// One Bayesian search of a test function run in rounds of a fixed number of parallel trials: every
/// round asks for a batch, evaluates all of it, then reports the scores. It records the simple
/// regret (best value found minus the known minimum) after each round.
/// </summary>
internal sealed class BatchSearchTrace
{
    private BatchSearchTrace(double[] regretAfterRound) => RegretAfterRound = regretAfterRound;

    /// <summary>The simple regret after each round (index 0: after the first).</summary>
    public IReadOnlyList<double> RegretAfterRound { get; }

    /// <summary>The regret when the budget is spent.</summary>
    public double Final => RegretAfterRound[^1];

    /// <summary>
    /// The median over <paramref name="traces"/> (searches of the same batch size) of the regret after
    /// each round: the typical progress, round by round.
    /// </summary>
    public static double[] MedianCurve(IReadOnlyList<BatchSearchTrace> traces) =>
        Enumerable.Range(0, traces[0].RegretAfterRound.Count)
            .Select(r => Report.Figure.MedianOf(traces.Select(t => t.RegretAfterRound[r]).Order().ToArray()))
            .ToArray();

    /// <summary>Runs <paramref name="evaluations"/> evaluations as rounds of <paramref name="batchSize"/>.</summary>
    public static BatchSearchTrace Run(TestFunction function, int batchSize, int evaluations, int initialTrials, long seed)
    {
        var optimizer = new BayesianOptimizer(new SearchSpace(function.Parameters), initialTrials, seed);
        var regrets = new List<double>();
        double best = double.PositiveInfinity;
        for (int evaluated = 0; evaluated < evaluations; evaluated += batchSize)
        {
            var batch = optimizer.ProposeBatch(Math.Min(batchSize, evaluations - evaluated));
            var scores = batch.Select(function.Evaluate).ToArray();
            for (int i = 0; i < batch.Count; i++)
            {
                optimizer.Observe(batch[i], scores[i]);
                best = Math.Min(best, scores[i]);
            }
            regrets.Add(best - function.Minimum);
        }
        return new BatchSearchTrace(regrets.ToArray());
    }
}
