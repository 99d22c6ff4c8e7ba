using CellOps.Sdk.Torch;
using CellOps.Tests.Runtime;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace CellOps.Tests.Parity;

/// <summary>
/// CellOps' BatchNorm2d and GroupNorm, and TorchSharp's InstanceNorm2d, give PyTorch's outputs,
/// gradients and running statistics for the same weights and inputs.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class NormalizationParityTests(ITestOutputHelper output)
{
    private readonly ParityAssert check = new(output);

    [Fact]
    public void BatchNorm2d_matches_PyTorch_over_two_training_steps_and_then_in_evaluation()
    {
        using var scope = NewDisposeScope();
        var fixture = ParityFixture.Load("batchnorm2d_train_eval");
        using var layer = Layers.BatchNorm2d(3);
        var weight = layer.weight!;
        var bias = layer.bias!;
        ModuleParity.LoadParameters(fixture, [("weight", weight), ("bias", bias)]);

        layer.train();
        foreach (var step in new[] { "1", "2" })
        {
            var x = fixture.Float("x" + step).requires_grad_(true);
            var y = layer.call(x);
            check.Close(y, fixture.Float("y" + step), $"train step {step} y");
            y.mul(fixture.Float("g" + step)).sum().backward();
            check.Close(x.grad!, fixture.Float("dx" + step), $"train step {step} dx");
            check.Close(weight.grad!, fixture.Float("dweight" + step), $"train step {step} dweight");
            check.Close(bias.grad!, fixture.Float("dbias" + step), $"train step {step} dbias");
            // The running statistics use the unbiased batch variance, with momentum 0.1, as PyTorch's.
            check.Close(layer.running_mean!, fixture.Float("running_mean" + step), $"train step {step} running_mean");
            check.Close(layer.running_var!, fixture.Float("running_var" + step), $"train step {step} running_var");
            Assert.Equal(fixture.Long("num_batches_tracked" + step).item<long>(), layer.num_batches_tracked!.item<long>());
            layer.zero_grad();
        }

        layer.eval();
        var xEval = fixture.Float("x_eval").requires_grad_(true);
        var yEval = layer.call(xEval);
        check.Close(yEval, fixture.Float("y_eval"), "eval y");
        yEval.mul(fixture.Float("g_eval")).sum().backward();
        check.Close(xEval.grad!, fixture.Float("dx_eval"), "eval dx");
        check.Close(weight.grad!, fixture.Float("dweight_eval"), "eval dweight");
        check.Close(bias.grad!, fixture.Float("dbias_eval"), "eval dbias");
        // Evaluation leaves the running statistics and the batch count alone.
        check.Close(layer.running_mean!, fixture.Float("running_mean_eval"), "eval running_mean");
        check.Close(layer.running_var!, fixture.Float("running_var_eval"), "eval running_var");
        Assert.Equal(2L, layer.num_batches_tracked!.item<long>());
        check.Summary("batchnorm2d_train_eval");
    }

    [Theory]
    [InlineData("groupnorm_g2c6", 2, 6)]
    [InlineData("groupnorm_g1c4", 1, 4)]
    public void GroupNorm_matches_PyTorch(string caseName, long groups, long channels)
    {
        using var layer = Layers.GroupNorm(groups, channels);
        ModuleParity.Check(check, caseName, layer);
        check.Summary(caseName);
    }

    [Fact]
    public void InstanceNorm2d_with_PyTorch_defaults_matches_PyTorch()
    {
        // TorchSharp's defaults are PyTorch's: no affine transform, no running statistics.
        using var layer = nn.InstanceNorm2d(3);
        Assert.Empty(layer.parameters());
        ModuleParity.Check(check, "instancenorm2d_default", layer);
        check.Summary("instancenorm2d_default");
    }

    [Fact]
    public void InstanceNorm2d_with_an_affine_transform_matches_PyTorch()
    {
        using var layer = nn.InstanceNorm2d(3, affine: true);
        ModuleParity.Check(check, "instancenorm2d_affine", layer);
        check.Summary("instancenorm2d_affine");
    }
}
