using CellOps.Runtime.Weights;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime.Weights;

/// <summary>WeightMatch lines up a file with a network, reports every difference at once, and loads weights that fit.</summary>
[Collection(TorchCollection.Name)]
public sealed class WeightMatchTests
{
    [Theory]
    [InlineData("tiny.pth", "output")]
    [InlineData("tiny-fp16.pth", "output_fp16")]
    [InlineData("wrapped.pth", "output")]
    [InlineData("tiny.safetensors", "output")]
    public void Loaded_weights_give_PyTorchs_output(string file, string output)
    {
        using var network = new TinyWeightNetwork();
        using var weights = WeightFile.Read(WeightFixtures.File(file));
        var comparison = WeightMatch.Load(network, weights);
        Assert.True(comparison.IsExact);
        Assert.Equal(9, comparison.MatchedCount);
        network.eval();
        using var scope = NewDisposeScope();
        var actual = network.forward(WeightFixtures.ForwardInput()).data<float>().ToArray();
        var expected = WeightFixtures.Floats(WeightFixtures.Expected.GetProperty("forward").GetProperty(output));
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5 + 1e-4 * Math.Abs(expected[i]), $"{i}: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void Buffers_are_loaded_too()
    {
        using var network = new TinyWeightNetwork();
        using var weights = WeightFile.Read(WeightFixtures.File("tiny.pth"));
        WeightMatch.Load(network, weights);
        var state = network.state_dict();
        Assert.Equal(5L, state["bn.num_batches_tracked"].item<long>());
        Assert.Equal(weights.Find("bn.running_var")!.Tensor.data<float>().ToArray(), state["bn.running_var"].data<float>().ToArray());
    }

    [Fact]
    public void Every_kind_of_difference_is_listed_in_one_message_and_nothing_is_loaded()
    {
        using var network = new TinyWeightNetwork(classes: 5);
        using var weights = WeightFile.Read(WeightFixtures.File("tiny.pth"));
        string? Map(string key) => key switch
        {
            "fc.bias" => null,                 // set aside deliberately
            "conv.weight" => "conv.kernel",    // no such entry in the network
            _ => key,
        };

        var comparison = WeightMatch.Compare(network, weights, Map);
        Assert.Equal(new[] { "conv.weight", "fc.bias" }, comparison.Missing);
        Assert.Equal(new[] { "conv.weight → conv.kernel" }, comparison.Unexpected);
        var wrong = Assert.Single(comparison.WrongShape);
        Assert.Equal("fc.weight", wrong.Name);
        Assert.Equal(new long[] { 2, 3 }, wrong.FileShape);
        Assert.Equal(new long[] { 5, 3 }, wrong.NetworkShape);
        Assert.Equal(new[] { "fc.bias" }, comparison.Ignored);

        var e = Assert.Throws<WeightMismatchException>(() => WeightMatch.Load(network, weights, Map));
        Assert.Contains("tiny.pth", e.Message);
        Assert.Contains("2 entries missing from the file (in the network, not in the file): conv.weight, fc.bias.", e.Message);
        Assert.Contains("1 entry unexpected (in the file, not in the network): conv.weight → conv.kernel.", e.Message);
        Assert.Contains("1 entry with the wrong shape: fc.weight (file [2, 3], network [5, 3]).", e.Message);
        Assert.Equal(0L, network.state_dict()["bn.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void Two_file_entries_for_one_network_entry_are_reported()
    {
        using var network = new TinyWeightNetwork();
        using var weights = WeightFile.Read(WeightFixtures.File("tiny.pth"));
        var comparison = WeightMatch.Compare(network, weights, key => key == "conv.bias" ? "bn.bias" : key);
        Assert.Contains("bn.bias (already filled by conv.bias)", comparison.Unexpected);
        Assert.Contains("conv.bias", comparison.Missing);
    }

    [Fact]
    public void Long_lists_are_cut_at_twenty_names()
    {
        using var network = new TinyWeightNetwork();
        using var weights = WeightFile.Read(Path.Combine(WeightFixtures.ResNetFolder, "resnet18-fp16.pth"));
        var comparison = WeightMatch.Compare(network, weights, key => "resnet." + key);
        Assert.Equal(122, comparison.Unexpected.Count);
        Assert.Contains("122 entries unexpected", comparison.Describe());
        Assert.Contains(" and 102 more.", comparison.Describe());
    }
}
