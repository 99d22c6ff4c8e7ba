using System.Text.Json;
using CellOps.Sdk.Torch;
using CellOps.Tests.Runtime;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace CellOps.Tests.Parity;

/// <summary>
/// Freshly created layers start from PyTorch's default initialisation: U(−b, b) with b = 1/√fan_in for
/// the weight and bias of Conv2d, ConvTranspose2d and Linear (kaiming_uniform with a = √5, and the
/// bias rule); ones and zeros for the normalisations. The rule's numbers (fan-in, bound) come from
/// PyTorch, in the "initialisation" fixture.
/// </summary>
/// <remarks>
/// The statistical checks cannot flake: every value must lie within the bound (certain for a uniform
/// draw); the weight's sample standard deviation must be within 10% of b/√3 and its mean within 0.02·b
/// of zero, where 73 728 or more draws put the standard deviation's own spread near 0.3% and the mean's
/// near 0.002·b; and some bias must exceed b/2 in size, which 64 or more uniform draws miss with
/// probability 2⁻⁶⁴. A zero, normal, or wrongly scaled initialisation fails them.
/// </remarks>
[Collection(TorchCollection.Name)]
public sealed class InitialisationParityTests(ITestOutputHelper output)
{
    private static JsonElement Spec(string kind) =>
        ParityFixture.Load("initialisation").Params.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == kind);

    [Theory]
    [InlineData("Conv2d")]
    [InlineData("ConvTranspose2d")]
    [InlineData("Linear")]
    public void Weights_and_biases_follow_PyTorchs_uniform_rule(string kind)
    {
        using var scope = NewDisposeScope();
        var spec = Spec(kind);
        var args = spec.GetProperty("args");
        long Arg(string name) => args.GetProperty(name).GetInt64();
        nn.Module layer = kind switch
        {
            "Conv2d" => nn.Conv2d(Arg("in_channels"), Arg("out_channels"), Arg("kernel_size")),
            "ConvTranspose2d" => nn.ConvTranspose2d(Arg("in_channels"), Arg("out_channels"), Arg("kernel_size")),
            _ => nn.Linear(Arg("in_features"), Arg("out_features")),
        };
        var parameters = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var weight = parameters["weight"];
        var bias = parameters["bias"];
        Assert.Equal(spec.GetProperty("weight_shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(), weight.shape);

        double bound = spec.GetProperty("weight_bound").GetDouble();
        double uniformStd = spec.GetProperty("uniform_std").GetDouble();
        double maxAbs = weight.abs().max().item<float>();
        double std = weight.std().item<float>();
        double mean = weight.mean().item<float>();
        double biasMaxAbs = bias.abs().max().item<float>();
        output.WriteLine($"PARITY init {kind}: fan_in {spec.GetProperty("fan_in").GetInt64()}, bound {bound:E4}; " +
            $"max |w| {maxAbs:E4}, std {std:E4} (b/√3 = {uniformStd:E4}, PyTorch's {spec.GetProperty("torch_weight_std").GetDouble():E4}), mean {mean:E2}, max |bias| {biasMaxAbs:E4}");

        // float32 rounding of the bound is the only slack.
        Assert.True(maxAbs <= bound * (1 + 1e-6), $"{kind} weight reaches {maxAbs}, beyond PyTorch's bound {bound}.");
        Assert.InRange(std, 0.9 * uniformStd, 1.1 * uniformStd);
        Assert.InRange(mean, -0.02 * bound, 0.02 * bound);
        Assert.True(biasMaxAbs <= spec.GetProperty("bias_bound").GetDouble() * (1 + 1e-6), $"{kind} bias reaches {biasMaxAbs}, beyond PyTorch's bound.");
        Assert.True(biasMaxAbs > bound / 2, $"{kind} biases all lie within half PyTorch's bound ({biasMaxAbs} < {bound / 2}).");
        // PyTorch's own layer shows the same statistics (recorded when the fixture was made).
        Assert.InRange(spec.GetProperty("torch_weight_std").GetDouble(), 0.9 * uniformStd, 1.1 * uniformStd);
        layer.Dispose();
    }

    [Fact]
    public void BatchNorm2d_starts_at_ones_and_zeros_with_fresh_running_statistics()
    {
        using var scope = NewDisposeScope();
        var spec = Spec("BatchNorm2d");
        using var layer = Layers.BatchNorm2d(spec.GetProperty("args").GetProperty("num_features").GetInt64());
        AssertAll(layer.weight!, 1f, "BatchNorm2d weight");
        AssertAll(layer.bias!, 0f, "BatchNorm2d bias");
        AssertAll(layer.running_mean!, 0f, "BatchNorm2d running_mean");
        AssertAll(layer.running_var!, 1f, "BatchNorm2d running_var");
        Assert.Equal(spec.GetProperty("num_batches_tracked").GetInt64(), layer.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void CellOps_GroupNorm_starts_at_ones_and_zeros_unlike_TorchSharps_uninitialised_one()
    {
        // TorchSharp 0.107's nn.GroupNorm leaves weight and bias as torch.empty made them (whatever the
        // memory held); that is not checked here, since uninitialised memory may by chance hold ones.
        using var scope = NewDisposeScope();
        var spec = Spec("GroupNorm");
        Assert.True(spec.GetProperty("torch_weight_all_one").GetBoolean() && spec.GetProperty("torch_bias_all_zero").GetBoolean());
        var args = spec.GetProperty("args");
        // Several layers, so that reused memory (say of a freed tensor) would show if CellOps' did not fill it.
        for (int i = 0; i < 8; i++)
        {
            torch.full(new long[] { args.GetProperty("num_channels").GetInt64() }, Scalars.Of(836.5)).Dispose();
            using var layer = Layers.GroupNorm(args.GetProperty("num_groups").GetInt64(), args.GetProperty("num_channels").GetInt64());
            AssertAll(layer.Weight!, 1f, "GroupNorm weight");
            AssertAll(layer.Bias!, 0f, "GroupNorm bias");
        }
    }

    [Fact]
    public void Affine_InstanceNorm2d_starts_at_ones_and_zeros()
    {
        using var scope = NewDisposeScope();
        using var layer = nn.InstanceNorm2d(16, affine: true);
        var parameters = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        AssertAll(parameters["weight"], 1f, "InstanceNorm2d weight");
        AssertAll(parameters["bias"], 0f, "InstanceNorm2d bias");
    }

    private static void AssertAll(Tensor tensor, float value, string what)
    {
        var values = tensor.detach().to_type(ScalarType.Float32).data<float>().ToArray();
        Assert.True(values.Length > 0, $"{what} is empty.");
        Assert.True(values.All(v => v == value), $"{what} should all be {value}; found {string.Join(", ", values.Distinct().Take(5))}.");
    }
}
