using CellOps.Runtime.Optimization;
using CellOps.Sdk.Models;
using Xunit;
using Xunit.Abstractions;

namespace CellOps.Tests.Runtime.Optimization;

/// <summary>
/// Batches of proposals for trials that run in parallel: distinct points, lies that steer the batch
/// but never enter the history, pending trials respected between batches, and a batch search that
/// still finds the minimum.
/// </summary>
public sealed class BatchProposalTests
{
    private static readonly TestFunction Branin = TestFunctions.Branin;
    private static readonly SearchSpace BraninSpace = new(Branin.Parameters);
    private readonly ITestOutputHelper _output;

    public BatchProposalTests(ITestOutputHelper output) => _output = output;

    /// <summary>A search of Branin told the scores of <paramref name="evaluations"/> sequential proposals.</summary>
    private static BayesianOptimizer Warmed(long seed, int evaluations = 8)
    {
        var optimizer = new BayesianOptimizer(BraninSpace, initialTrials: 5, seed);
        for (int i = 0; i < evaluations; i++)
        {
            var values = optimizer.Propose();
            optimizer.Observe(values, Branin.Evaluate(values));
        }
        return optimizer;
    }

    private static double Distance(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b)
    {
        double[] x = BraninSpace.Encode(a), y = BraninSpace.Encode(b);
        return Math.Sqrt(x.Zip(y, (p, q) => (p - q) * (p - q)).Sum());
    }

    private static string[] Describe(IEnumerable<IReadOnlyDictionary<string, double>> values) => values.Select(BraninSpace.Describe).ToArray();

    [Fact]
    public void A_guided_batch_holds_distinct_points_none_of_them_observed_and_all_pending()
    {
        var optimizer = Warmed(seed: 3);
        var batch = optimizer.ProposeBatch(6);

        Assert.Equal(6, batch.Count);
        for (int i = 0; i < batch.Count; i++)
        {
            for (int j = 0; j < i; j++) Assert.True(Distance(batch[i], batch[j]) > 1e-3, $"Points {j} and {i} of the batch coincide: {BraninSpace.Describe(batch[i])}.");
            Assert.All(optimizer.Observations, o => Assert.True(Distance(batch[i], o.Values) > 1e-6, $"Point {i} was already observed."));
        }
        Assert.Equal(Describe(batch), Describe(optimizer.Pending));
    }

    [Fact]
    public void The_lies_never_enter_the_history_or_the_fitted_surrogate()
    {
        var optimizer = Warmed(seed: 4);
        var before = optimizer.Observations.Select(o => (BraninSpace.Describe(o.Values), o.Score)).ToArray();

        var batch = optimizer.ProposeBatch(4);

        Assert.Equal(before, optimizer.Observations.Select(o => (BraninSpace.Describe(o.Values), o.Score)));
        Assert.Equal(optimizer.Observations.Count, optimizer.Surrogate!.Count);
        // Reporting two of the four records their real scores; the other two stay pending.
        optimizer.Observe(batch[2], Branin.Evaluate(batch[2]));
        optimizer.Observe(batch[0], Branin.Evaluate(batch[0]));
        Assert.Equal(before.Length + 2, optimizer.Observations.Count);
        Assert.Equal(Branin.Evaluate(batch[0]), optimizer.Observations[^1].Score);
        Assert.Equal(Describe(new[] { batch[1], batch[3] }), Describe(optimizer.Pending));
    }

    [Fact]
    public void The_same_seed_proposes_the_same_batches()
    {
        string[] Run(long seed)
        {
            var optimizer = new BayesianOptimizer(BraninSpace, initialTrials: 5, seed);
            var proposed = new List<string>();
            for (int round = 0; round < 4; round++)
            {
                var batch = optimizer.ProposeBatch(4);
                proposed.AddRange(Describe(batch));
                foreach (var values in batch) optimizer.Observe(values, Branin.Evaluate(values));
            }
            return proposed.ToArray();
        }
        Assert.Equal(Run(11), Run(11));
        Assert.NotEqual(Run(11), Run(12));
    }

    [Fact]
    public void A_pending_point_steers_the_next_proposal_away_until_it_is_withdrawn()
    {
        // Two searches with the same seed and history make the same calls, except that one withdraws
        // its first proposal before asking again: the only difference between their second proposals
        // is the lie about the pending point.
        var keeping = Warmed(seed: 5, evaluations: 12);
        var withdrawing = Warmed(seed: 5, evaluations: 12);
        var first = keeping.Propose();
        Assert.Equal(BraninSpace.Describe(first), BraninSpace.Describe(withdrawing.Propose()));
        Assert.True(withdrawing.Withdraw(first));
        Assert.False(withdrawing.Withdraw(first));
        Assert.Empty(withdrawing.Pending);

        var away = keeping.Propose();
        var again = withdrawing.Propose();

        _output.WriteLine($"first {BraninSpace.Describe(first)}; with it pending {BraninSpace.Describe(away)} ({Distance(first, away):0.000} away); " +
                          $"withdrawn {BraninSpace.Describe(again)} ({Distance(first, again):0.000} away)");
        Assert.True(Distance(first, again) < 0.05, "Without the pending point, the search should return to where the expected improvement is largest.");
        Assert.True(Distance(first, away) > 0.1, "With the point pending, the search should look elsewhere.");
        Assert.Equal(2, keeping.Pending.Count);
    }

    [Fact]
    public void A_batch_asked_for_while_trials_run_avoids_them()
    {
        var optimizer = Warmed(seed: 6);
        var first = optimizer.ProposeBatch(4);
        optimizer.Observe(first[1], Branin.Evaluate(first[1]));
        var second = optimizer.ProposeBatch(4);

        Assert.Equal(7, optimizer.Pending.Count);
        var pending = optimizer.Pending;
        for (int i = 0; i < pending.Count; i++)
            for (int j = 0; j < i; j++) Assert.True(Distance(pending[i], pending[j]) > 1e-3, "A pending point was proposed twice.");
        Assert.All(second, values => Assert.True(Distance(values, first[1]) > 1e-6, "The observed point was proposed again."));
    }

    [Fact]
    public void The_random_phase_counts_pending_trials_so_a_first_batch_is_all_random_and_the_next_guided()
    {
        var optimizer = new BayesianOptimizer(BraninSpace, initialTrials: 5, seed: 7);
        var first = optimizer.ProposeBatch(8);
        Assert.Null(optimizer.Surrogate);
        foreach (var values in first) optimizer.Observe(values, Branin.Evaluate(values));
        optimizer.ProposeBatch(2);
        Assert.Equal(8, optimizer.Surrogate!.Count);
    }

    [Fact]
    public void A_batch_search_of_Branin_gets_as_close_to_the_minimum_as_the_sequential_search_with_the_same_evaluations()
    {
        // 32 evaluations as 8 rounds of 4 parallel trials against 32 sequential ones, over five seeds.
        long[] seeds = { 1, 2, 3, 4, 5 };
        double Regret(long seed, int batchSize)
        {
            var optimizer = new BayesianOptimizer(BraninSpace, initialTrials: 5, seed);
            double best = double.PositiveInfinity;
            for (int evaluated = 0; evaluated < 32; evaluated += batchSize)
            {
                foreach (var values in optimizer.ProposeBatch(batchSize))
                {
                    double score = Branin.Evaluate(values);
                    optimizer.Observe(values, score);
                    best = Math.Min(best, score);
                }
            }
            return best - Branin.Minimum;
        }
        var batched = seeds.Select(s => Regret(s, 4)).ToArray();
        var sequential = seeds.Select(s => Regret(s, 1)).ToArray();
        _output.WriteLine($"Branin, 32 evaluations, simple regret: 8 rounds of 4 {string.Join(" ", batched.Select(r => r.ToString("0.0000")))}; " +
                          $"32 rounds of 1 {string.Join(" ", sequential.Select(r => r.ToString("0.0000")))}");
        Assert.True(batched.Average() < 0.05, $"Mean regret of the batch search {batched.Average():0.0000} is not below 0.05.");
    }

    [Fact]
    public void Random_search_batches_are_independent_draws_and_pending_until_observed()
    {
        var search = new RandomSearch(BraninSpace, seed: 1);
        var batch = search.ProposeBatch(5);
        Assert.Equal(5, batch.Select(BraninSpace.Describe).Distinct().Count());
        Assert.Equal(5, search.Pending.Count);
        search.Observe(batch[0], 1);
        Assert.True(search.Withdraw(batch[1]));
        Assert.Equal(Describe(batch.Skip(2)), Describe(search.Pending));
        Assert.Single(search.Observations);
    }

    [Fact]
    public void A_batch_of_no_points_is_refused()
    {
        var space = new SearchSpace(new[] { new HyperParameter("x", HyperParameterKind.Real, 0, 1, 0.5, "") });
        Assert.Throws<ArgumentOutOfRangeException>(() => new BayesianOptimizer(space, 1, 1).ProposeBatch(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomSearch(space, 1).ProposeBatch(-1));
    }
}
