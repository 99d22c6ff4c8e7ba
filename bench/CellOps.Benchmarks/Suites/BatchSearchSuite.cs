using System.Diagnostics;
using System.Globalization;
using CellOps.Benchmarks.Report;
using CellOps.Benchmarks.Support;
using CellOps.Tests.Runtime.Optimization;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// Batch Bayesian search (the constant liar) against the sequential search, on the optimiser tests'
/// functions. The same budget of evaluations runs as rounds of K parallel trials; for each K: the
/// median simple regret over seeds when the budget is spent and after as many rounds as the widest
/// batch needs, and the rounds after which the median regret first reaches the sequential search's
/// final median regret, and the sequential rounds whose median regret is as low as K's final one.
/// Rounds are what parallel trials save: a round costs one trial's wall time.
/// </summary>
internal sealed class BatchSearchSuite : ISuite
{
    private const int InitialTrials = 5;

    public string Name => "batch-search";

    public void Run(HarnessContext context)
    {
        var functions = context.Quick
            ? new[] { (TestFunctions.Branin, Budget: 16) }
            : new[] { (TestFunctions.Branin, Budget: 32), (TestFunctions.Hartmann3, Budget: 48), (TestFunctions.Hartmann6, Budget: 64) };
        int[] batchSizes = context.Quick ? new[] { 1, 4 } : new[] { 1, 2, 4, 8 };
        long[] seeds = Enumerable.Range(1, context.Quick ? 3 : 20).Select(s => (long)s).ToArray();
        int widest = batchSizes.Max();

        foreach (var (function, budget) in functions)
        {
            context.Log.WriteLine($"  {function.Name}: {budget} evaluations, {InitialTrials} random first, batches of {string.Join("/", batchSizes)}, {seeds.Length} seeds");
            var clock = Stopwatch.StartNew();
            // Every search is independent and deterministic given its seed, so they can run side by side.
            var jobs = batchSizes.SelectMany(k => seeds.Select(seed => (K: k, Seed: seed))).ToArray();
            var traces = new BatchSearchTrace[jobs.Length];
            Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = context.Threads },
                i => traces[i] = BatchSearchTrace.Run(function, jobs[i].K, budget, InitialTrials, jobs[i].Seed));
            var byK = batchSizes.ToDictionary(k => k, k => traces.Where((_, i) => jobs[i].K == k).ToArray());

            var sequential = BatchSearchTrace.MedianCurve(byK[1]);
            double target = sequential[^1];
            int sequentialReach = Array.FindIndex(sequential, r => r <= target) + 1;
            int commonRounds = (budget + widest - 1) / widest;
            context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {clock.Elapsed.TotalSeconds:0.0} s; target: the sequential search's median regret after {budget} evaluations, {target:G3}"));
            context.Log.WriteLine($"    {"K",3}  {"rounds",6}  {"regret (all rounds)",19}  {$"regret @{commonRounds} rounds",17}  {"rounds to target",16}  {"sequential rounds to its regret",31}");
            foreach (int k in batchSizes)
            {
                var runs = byK[k];
                var curve = BatchSearchTrace.MedianCurve(runs);
                int rounds = curve.Length;
                var final = Figure.Of(runs.Select(t => t.Final).ToArray());
                var early = Figure.Of(runs.Select(t => t.RegretAfterRound[Math.Min(commonRounds, rounds) - 1]).ToArray());
                int reach = Array.FindIndex(curve, r => r <= target) + 1;
                string reachText = reach > 0 ? reach.ToString(CultureInfo.InvariantCulture) : $">{rounds}";
                // What the batch search's result is worth in sequential rounds: the first round whose
                // sequential median regret is as low (a wall-time equivalent, a round being one trial's time).
                int worth = Array.FindIndex(sequential, r => r <= curve[^1]) + 1;
                string worthText = worth > 0 ? worth.ToString(CultureInfo.InvariantCulture) : $">{sequential.Length}";
                context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {k,3}  {rounds,6}  {final.Median,19:G3}  {early.Median,17:G3}  {reachText,16}  {worthText,31}"));

                string id = $"batch-search.{function.Name.ToLowerInvariant()}.k{k}";
                context.Report.Add(new BenchRow
                {
                    Id = $"{id}.regret",
                    Benchmark = $"{function.Name} K={k}: regret after {budget} evaluations",
                    Unit = "regret",
                    CellOps = final,
                    Note = string.Create(CultureInfo.InvariantCulture,
                        $"{rounds} rounds of {k}, median of {runs.Length} seeds; after {commonRounds} rounds: {early.Median:G3}; " +
                        $"the sequential search's median regret first gets as low after {worthText} rounds"),
                });
                context.Report.Add(new BenchRow
                {
                    Id = $"{id}.rounds",
                    Benchmark = "  rounds to the sequential regret" + (reach > 0 ? "" : $" (not in {rounds})"),
                    Unit = "rounds",
                    CellOps = Figure.Once(reach > 0 ? reach : rounds),
                    Note = string.Create(CultureInfo.InvariantCulture, $"first round whose median regret is at most {target:G3} (K=1's after {budget} evaluations); ") +
                           (reach > 0
                               ? string.Create(CultureInfo.InvariantCulture, $"{sequentialReach / (double)reach:0.0}x fewer rounds than sequentially ({sequentialReach})")
                               : $"not reached within {rounds} rounds (the figure is the budget's rounds)"),
                });
            }
        }
    }
}
