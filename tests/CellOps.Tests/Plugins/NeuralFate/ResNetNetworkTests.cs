using CellOps.Plugins.NeuralFate;
using CellOps.Sdk.Models;
using CellOps.Sdk.Torch;
using CellOps.Tests.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using BatchNorm2d = CellOps.Sdk.Torch.BatchNorm2d;

namespace CellOps.Tests.Plugins.NeuralFate;

[Collection(TorchCollection.Name)]
public sealed class ResNetNetworkTests
{
    [Theory]
    [InlineData(32, 1)]
    [InlineData(64, 2)]
    [InlineData(72, 3)]
    public void The_backbone_gives_a_feature_map_of_a_32nd_of_the_tile_and_the_head_one_logit_per_class_at_any_size(int size, int map)
    {
        torch.manual_seed(1);
        using var network = new ResNetNetwork(ResNetArchitecture.ResNet18, classes: 2);
        network.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.randn(new long[] { 2, 3, size, size });
        var features = ((nn.Module<Tensor, Tensor>)network.Backbone).call(input);
        Assert.Equal(new long[] { 2, 512, map, map }, features.shape);
        Assert.Equal(new long[] { 2, 2 }, network.call(input).shape);
    }

    [Fact]
    public void Keys_outside_torchvisions_resnet_have_no_place()
    {
        using var network = new ResNetNetwork(ResNetArchitecture.ResNet18, classes: 2);
        Assert.Equal("backbone.bn1.num_batches_tracked", network.MapImportedKey("bn1.num_batches_tracked"));
        Assert.Equal("backbone.layer4.1.bn2.running_var", network.MapImportedKey("layer4.1.bn2.running_var"));
        Assert.Equal("head.fc.weight", network.MapImportedKey("fc.weight"));
        Assert.Null(network.MapImportedKey("module.fc.weight"));
        Assert.Null(network.MapImportedKey("layer5.0.conv1.weight"));
        Assert.Null(network.MapImportedKey("fc"));
    }

    [Fact]
    public void Replacing_the_head_keeps_the_backbone_and_torchvisions_names()
    {
        torch.manual_seed(2);
        using var network = new ResNetNetwork(ResNetArchitecture.ResNet18, classes: 2, dropout: 0.3);
        var backboneBefore = network.Backbone.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        network.eval();
        network.ReplaceHead(5);

        Assert.Equal(5, network.ClassCount);
        var state = network.state_dict();
        Assert.Equal(new long[] { 5, 512 }, state["head.fc.weight"].shape);
        Assert.Equal(new long[] { 5 }, state["head.fc.bias"].shape);
        Assert.Equal(2, state.Keys.Count(k => k.StartsWith("head.", StringComparison.Ordinal)));
        Assert.False(network.Head.training);
        foreach (var (key, value) in network.Backbone.state_dict())
        {
            Assert.True(value.equal(backboneBefore[key]).all().item<bool>(), $"{key} changed");
        }
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Assert.Equal(new long[] { 1, 5 }, network.call(torch.randn(new long[] { 1, 3, 32, 32 })).shape);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void With_frozen_batch_norm_a_training_step_keeps_the_running_statistics_and_still_learns(bool freeze)
    {
        torch.manual_seed(3);
        using var network = new ResNetNetwork(ResNetArchitecture.ResNet18, classes: 2, freezeBatchNorm: freeze);
        var norms = network.modules().OfType<BatchNorm2d>().ToArray();
        Assert.Equal(20, norms.Length);
        network.eval();
        network.train();
        Assert.True(network.training);
        Assert.True(network.Head.training);
        Assert.All(norms, n => Assert.Equal(!freeze, n.training));

        var state = network.state_dict();
        var before = state.ToDictionary(p => p.Key, p => p.Value.clone());
        using var optimizer = Optimizers.Adam(network.parameters(), lr: 1e-3);
        using (var scope = torch.NewDisposeScope())
        {
            var input = torch.randn(new long[] { 4, 3, 32, 32 });
            var target = torch.tensor(new long[] { 0, 1, 0, 1 });
            optimizer.zero_grad();
            nn.functional.cross_entropy(network.call(input), target).backward();
            optimizer.step();
        }

        bool Changed(string key) => !state[key].equal(before[key]).all().item<bool>();
        Assert.Equal(!freeze, Changed("backbone.bn1.running_mean"));
        Assert.Equal(!freeze, Changed("backbone.layer4.1.bn2.running_var"));
        Assert.Equal(!freeze, Changed("backbone.bn1.num_batches_tracked"));
        // Scales and shifts, convolutions and the classifier learn either way.
        Assert.True(Changed("backbone.bn1.weight"));
        Assert.True(Changed("backbone.layer1.0.conv1.weight"));
        Assert.True(Changed("head.fc.weight"));
    }

    [Fact]
    public void Frozen_batch_norm_without_dropout_makes_training_mode_compute_what_evaluation_does()
    {
        torch.manual_seed(4);
        using var network = new ResNetNetwork(ResNetArchitecture.ResNet18, classes: 3, freezeBatchNorm: true);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.randn(new long[] { 2, 3, 32, 32 });
        network.eval();
        var evaluated = network.call(input);
        network.train();
        Assert.True(network.call(input).equal(evaluated).all().item<bool>());
    }

    [Fact]
    public void Resnet50_runs_forward_on_a_small_tile()
    {
        torch.manual_seed(5);
        using var network = new ResNetNetwork(ResNetArchitecture.ResNet50, classes: 2);
        network.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.randn(new long[] { 1, 3, 64, 64 });
        Assert.Equal(new long[] { 1, 2048, 2, 2 }, ((nn.Module<Tensor, Tensor>)network.Backbone).call(input).shape);
        var logits = network.call(input);
        Assert.Equal(new long[] { 1, 2 }, logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
    }
}
