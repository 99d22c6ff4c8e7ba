using CellOps.Sdk.Models;
using Xunit;

namespace CellOps.Tests.Sdk;

public sealed class HyperParameterTests
{
    private static readonly HyperParameter Optimizer = new("Optimizer", new[] { "Adam", "SGD", "AdamW" }, "adamw", "The optimizer.");

    [Fact]
    public void A_categorical_hyperparameter_stores_its_choice_as_an_index()
    {
        Assert.Equal(HyperParameterKind.Categorical, Optimizer.Kind);
        Assert.Equal(new[] { "Adam", "SGD", "AdamW" }, Optimizer.Choices);
        Assert.Equal((0, 2, 2), (Optimizer.Min, Optimizer.Max, Optimizer.Default));
        Assert.Equal("Adam|SGD|AdamW", Optimizer.Range);
        Assert.Equal("Optimizer=AdamW [Adam|SGD|AdamW]", Optimizer.ToString());
    }

    [Theory]
    [InlineData("SGD", 1)]
    [InlineData(" sgd ", 1)]
    [InlineData("ADAM", 0)]
    [InlineData("2", 2)]
    public void A_choice_is_parsed_by_name_ignoring_case_or_by_index(string text, double expected) =>
        Assert.Equal(expected, Optimizer.Parse(text));

    [Fact]
    public void An_unknown_choice_is_refused_with_the_choices_listed()
    {
        var ex = Assert.Throws<ArgumentException>(() => Optimizer.Parse("RMSprop"));
        Assert.Contains("Adam, SGD, AdamW", ex.Message);
        Assert.Contains("Adam, SGD, AdamW", Assert.Throws<ArgumentOutOfRangeException>(() => Optimizer.Check(3)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimizer.Check(0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimizer.ToValue(7));
    }

    [Fact]
    public void Values_are_formatted_as_people_read_them()
    {
        Assert.Equal("SGD", Optimizer.FormatValue(1));
        var rate = new HyperParameter("LearningRate", HyperParameterKind.LogReal, 1e-5, 1e-1, 1e-3, "");
        Assert.Equal("0.001", rate.FormatValue(1e-3));
        Assert.Equal(0.01, rate.Parse("1e-2"));
        Assert.Equal(0.02, rate.ToValue(0.02));
        Assert.Equal(0.05, rate.ToValue("0.05"));
        Assert.Throws<ArgumentException>(() => rate.Parse("fast"));
        Assert.Throws<ArgumentOutOfRangeException>(() => rate.Parse("2"));
    }

    [Fact]
    public void Resolved_values_give_the_choice_by_name_and_show_it_in_text()
    {
        var declared = new[] { Optimizer, new HyperParameter("Depth", HyperParameterKind.Integer, 1, 6, 3, "") };
        var values = HyperParameterValues.Resolve(declared, new Dictionary<string, double> { ["optimizer"] = 1 });
        Assert.Equal("SGD", values.GetChoice("Optimizer"));
        Assert.Equal(1, values["Optimizer"]);
        Assert.Equal("Depth=3 Optimizer=SGD", values.ToString());
        Assert.Equal("AdamW", HyperParameterValues.Resolve(declared, null).GetChoice("OPTIMIZER"));
        Assert.Throws<InvalidOperationException>(() => values.GetChoice("Depth"));
        Assert.Throws<KeyNotFoundException>(() => values.GetChoice("Width"));
        Assert.Throws<ArgumentOutOfRangeException>(() => HyperParameterValues.Resolve(declared, new Dictionary<string, double> { ["Optimizer"] = 5 }));
    }

    [Fact]
    public void Declarations_are_checked()
    {
        Assert.Throws<ArgumentException>(() => new HyperParameter("X", Array.Empty<string>(), "a", ""));
        Assert.Throws<ArgumentException>(() => new HyperParameter("X", new[] { "a", "A" }, "a", ""));
        Assert.Throws<ArgumentException>(() => new HyperParameter("X", new[] { "a", "b" }, "c", ""));
        Assert.Throws<ArgumentException>(() => new HyperParameter("X", HyperParameterKind.Categorical, 0, 1, 0, ""));
        Assert.Equal(Optimizer, new HyperParameter("Optimizer", new[] { "Adam", "SGD", "AdamW" }, "AdamW", "The optimizer."));
        Assert.NotEqual(Optimizer, new HyperParameter("Optimizer", new[] { "Adam", "SGD", "Lion" }, "Adam", "The optimizer."));
    }

    [Fact]
    public void Numeric_kinds_behave_as_before()
    {
        var depth = new HyperParameter("Depth", HyperParameterKind.Integer, 2, 6, 4, "");
        Assert.Empty(depth.Choices);
        Assert.Equal("2..6", depth.Range);
        Assert.Equal("Depth=4 [2..6]", depth.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => depth.Check(2.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => depth.Check(7));
    }
}
