using CellOps.Plugins.Leukocyte;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;
using CellOps.Sdk.Torch;
using CellOps.Tests.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Plugins.Leukocyte;

[Collection(TorchCollection.Name)]
public sealed class WNetNormalizationTests
{
    private static readonly WNetModel Model = new();

    public WNetNormalizationTests() => TorchBackend.EnsureLoaded();

    private static nn.Module<Tensor, Tensor> Build(string normalization) =>
        NetworkCheck.Create("Leukocyte", Model, HyperParameterValues.Resolve(Model.HyperParameters, new Dictionary<string, double>
        {
            [WNetModel.Depth] = 3,
            [WNetModel.BaseWidth] = 12,
            [WNetModel.Normalization] = Model.HyperParameters.Single(h => h.Name == WNetModel.Normalization).Parse(normalization),
        }));

    [Fact]
    public void Group_normalisation_puts_an_initialised_GroupNorm_after_every_convolution_and_drops_the_redundant_bias()
    {
        using var network = Build("Group");
        var norms = network.modules().OfType<CellOps.Sdk.Torch.GroupNorm>().ToArray();
        Assert.Equal(new long[] { 12, 24, 48 }, norms.Select(n => n.Channels));
        // Eight groups where the width divides by eight, else four.
        Assert.Equal(new long[] { 4, 8, 8 }, norms.Select(n => n.Groups));
        Assert.All(norms, n => Assert.True(n.Weight!.eq(Scalars.Of(1.0)).all().item<bool>()));
        var keys = network.state_dict().Keys.ToArray();
        Assert.Contains("backbone.blocks.0.norm.weight", keys);
        Assert.DoesNotContain("backbone.blocks.0.conv.bias", keys);
    }

    [Fact]
    public void Without_normalisation_the_network_keeps_the_layout_of_packages_trained_before_the_choice_existed()
    {
        using var network = Build("None");
        var keys = network.state_dict().Keys.Where(k => k.StartsWith("backbone.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(new[] { "backbone.blocks.0.conv.weight", "backbone.blocks.0.conv.bias" }, keys.Take(2));
        Assert.DoesNotContain(keys, k => k.Contains(".norm.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Group")]
    [InlineData("Batch")]
    public void A_normalised_WNet_gives_the_same_logits_in_evaluation_for_a_crop_alone_or_in_a_batch_after_training_mode_steps(string normalization)
    {
        // Group normalisation normalises each crop by itself, so a crop's logits never depend on its batch;
        // batch normalisation in evaluation uses running statistics, which gives the same property.
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        var network = Build(normalization);
        network.train();
        for (int i = 0; i < 3; i++) network.call(torch.rand(4, 3, 64, 64));
        network.eval();
        using var noGrad = torch.no_grad();
        var batch = torch.rand(6, 3, 64, 64);
        var together = network.call(batch);
        var alone = network.call(batch.narrow(0, 2, 1));
        Assert.True(together.narrow(0, 2, 1).allclose(alone, rtol: 1e-4, atol: 1e-5));
    }
}
