using CellOps.Runtime.Optimization;
using CellOps.Sdk.Models;
using Xunit;

namespace CellOps.Tests.Runtime.Optimization;

public sealed class SearchSpaceTests
{
    private static readonly SearchSpace Space = new(new[]
    {
        new HyperParameter("Dropout", HyperParameterKind.Real, 0, 0.5, 0.1, ""),
        new HyperParameter("LearningRate", HyperParameterKind.LogReal, 1e-4, 1e-1, 1e-3, ""),
        new HyperParameter("Depth", HyperParameterKind.Integer, 2, 6, 4, ""),
        new HyperParameter("Optimizer", new[] { "Adam", "SGD", "AdamW" }, "Adam", ""),
    });

    [Fact]
    public void Each_kind_maps_onto_the_unit_cube_on_its_own_scale()
    {
        Assert.Equal(1 + 1 + 1 + 3, Space.FeatureCount);
        var point = Space.Encode(new Dictionary<string, double> { ["Dropout"] = 0.25, ["learningrate"] = 1e-2, ["Depth"] = 3, ["Optimizer"] = 2 });
        double[] expected = { 0.5, 2.0 / 3, 0.25, 0, 0, 1 };
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], point[i], 1e-12);
    }

    [Fact]
    public void Decoding_rounds_integers_and_takes_the_strongest_choice()
    {
        var values = Space.Decode(new[] { 0.5, 1.0 / 3, 0.6, 0.2, 0.7, 0.1 });
        Assert.Equal(0.25, values["Dropout"], 12);
        Assert.Equal(1e-3, values["LearningRate"], 12);
        Assert.Equal(4, values["Depth"]); // 2 + 0.6 × 4 = 4.4
        Assert.Equal(1, values["Optimizer"]);
        Assert.Equal("Dropout=0.25 LearningRate=0.001 Depth=4 Optimizer=SGD", Space.Describe(values));
    }

    [Fact]
    public void Samples_and_neighbours_are_always_values_the_hyperparameters_can_take()
    {
        var random = new Random(3);
        var depths = new HashSet<double>();
        var choices = new HashSet<double>();
        var point = Space.Sample(random);
        for (int i = 0; i < 500; i++)
        {
            point = i % 2 == 0 ? Space.Sample(random) : Space.Neighbour(point, 0.3, random);
            var snapped = Space.Snap(point);
            for (int f = 0; f < point.Length; f++) Assert.Equal(snapped[f], point[f], 1e-12);
            var values = Space.Decode(point);
            foreach (var d in Space.Dimensions) d.Parameter.Check(values[d.Parameter.Name]);
            depths.Add(values["Depth"]);
            choices.Add(values["Optimizer"]);
            Assert.Equal(1, point[3] + point[4] + point[5]);
        }
        Assert.Equal(new double[] { 2, 3, 4, 5, 6 }, depths.Order());
        Assert.Equal(new double[] { 0, 1, 2 }, choices.Order());
    }

    [Fact]
    public void The_same_seed_proposes_the_same_values()
    {
        IReadOnlyDictionary<string, double>[] Run(long seed)
        {
            var optimizer = new BayesianOptimizer(Space, initialTrials: 3, seed);
            var proposals = new List<IReadOnlyDictionary<string, double>>();
            for (int i = 0; i < 6; i++)
            {
                var values = optimizer.Propose();
                optimizer.Observe(values, values["Dropout"] + Math.Abs(Math.Log10(values["LearningRate"]) + 2) + values["Optimizer"]);
                proposals.Add(values);
            }
            return proposals.ToArray();
        }
        var a = Run(7);
        var b = Run(7);
        var c = Run(8);
        Assert.Equal(a.Select(Space.Describe), b.Select(Space.Describe));
        Assert.NotEqual(a.Select(Space.Describe), c.Select(Space.Describe));
    }

    [Fact]
    public void Failed_evaluations_are_avoided_rather_than_breaking_the_search()
    {
        var space = new SearchSpace(new[] { new HyperParameter("x", HyperParameterKind.Real, 0, 1, 0.5, "") });
        var optimizer = new BayesianOptimizer(space, initialTrials: 3, seed: 1);
        double best = double.PositiveInfinity;
        for (int i = 0; i < 15; i++)
        {
            var values = optimizer.Propose();
            double x = values["x"];
            double score = x > 0.7 ? double.NaN : (x - 0.3) * (x - 0.3);
            optimizer.Observe(values, score);
            if (double.IsFinite(score)) best = Math.Min(best, score);
        }
        Assert.True(best < 1e-3, $"best {best}");
    }

    [Fact]
    public void A_small_discrete_space_is_covered_without_repeats()
    {
        var space = new SearchSpace(new[] { new HyperParameter("Optimizer", new[] { "Adam", "SGD", "AdamW" }, "Adam", "") });
        var optimizer = new BayesianOptimizer(space, initialTrials: 1, seed: 2);
        var seen = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            var values = optimizer.Propose();
            seen.Add(values["Optimizer"]);
            optimizer.Observe(values, values["Optimizer"]);
        }
        Assert.Equal(new double[] { 0, 1, 2 }, seen.Order());
    }
}
