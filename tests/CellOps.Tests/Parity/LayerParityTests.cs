using CellOps.Sdk.Torch;
using CellOps.Tests.Runtime;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CellOps.Tests.Parity;

/// <summary>
/// Convolutions, Linear, Dropout, pooling, upsampling and activations give PyTorch's outputs and
/// gradients for the same weights and inputs (fixtures from tests/parity/generate_fixtures.py).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class LayerParityTests(ITestOutputHelper output)
{
    private readonly ParityAssert check = new(output);

    [Theory]
    [InlineData("conv2d_k3s1p1", 3, 4, 3, 1, 1, 1, true)]
    [InlineData("conv2d_k4s2p1_nobias", 3, 5, 4, 2, 1, 1, false)]
    [InlineData("conv2d_k3s1p2d2", 2, 3, 3, 1, 2, 2, true)]
    public void Conv2d_matches_PyTorch(string caseName, long inChannels, long outChannels, long kernel, long stride, long padding, long dilation, bool bias)
    {
        using var layer = nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: padding, dilation: dilation, bias: bias);
        ModuleParity.Check(check, caseName, layer);
        check.Summary(caseName);
    }

    [Theory]
    [InlineData("conv_transpose2d_k4s2p1", 4, 3, 4, 2, 1, 0, true)]
    [InlineData("conv_transpose2d_k2s2", 4, 2, 2, 2, 0, 0, true)]
    [InlineData("conv_transpose2d_k3s2p1op1_nobias", 3, 2, 3, 2, 1, 1, false)]
    public void ConvTranspose2d_matches_PyTorch(string caseName, long inChannels, long outChannels, long kernel, long stride, long padding, long outputPadding, bool bias)
    {
        using var layer = nn.ConvTranspose2d(inChannels, outChannels, kernel, stride: stride, padding: padding, output_padding: outputPadding, bias: bias);
        ModuleParity.Check(check, caseName, layer);
        check.Summary(caseName);
    }

    [Fact]
    public void Linear_matches_PyTorch()
    {
        using var layer = nn.Linear(7, 4);
        ModuleParity.Check(check, "linear", layer);
        check.Summary("linear");
    }

    [Fact]
    public void Dropout_in_evaluation_is_the_identity_as_in_PyTorch()
    {
        using var layer = nn.Dropout(0.5);
        layer.eval();
        ModuleParity.Check(check, "dropout_eval", layer);
        check.Summary("dropout_eval");
    }

    [Theory]
    [InlineData("maxpool2d_k2s2", 2, 2, 0, false)]
    [InlineData("maxpool2d_k2s2_ceil", 2, 2, 0, true)]
    [InlineData("maxpool2d_k3s2p1", 3, 2, 1, false)]
    public void MaxPool2d_matches_PyTorch(string caseName, long kernel, long stride, long padding, bool ceilMode)
    {
        using var layer = nn.MaxPool2d(kernel, stride: stride, padding: padding, ceil_mode: ceilMode);
        ModuleParity.Check(check, caseName, layer);
        ModuleParity.Check(check, caseName, x => F.max_pool2d(x, kernel, stride: stride, padding: padding, ceil_mode: ceilMode), []);
        check.Summary(caseName);
    }

    [Theory]
    [InlineData("avgpool2d_k2s2", 2, 2, 0)]
    [InlineData("avgpool2d_k3s2p1", 3, 2, 1)]
    public void AvgPool2d_matches_PyTorch(string caseName, long kernel, long stride, long padding)
    {
        using var layer = nn.AvgPool2d(kernel, stride: stride, padding: padding);
        ModuleParity.Check(check, caseName, layer);
        check.Summary(caseName);
    }

    [Theory]
    [InlineData("adaptive_avgpool2d_1", 1, 1)]
    [InlineData("adaptive_avgpool2d_3x2", 3, 2)]
    public void AdaptiveAvgPool2d_matches_PyTorch(string caseName, long height, long width)
    {
        using var layer = nn.AdaptiveAvgPool2d((height, width));
        ModuleParity.Check(check, caseName, layer);
        ModuleParity.Check(check, caseName, x => F.adaptive_avg_pool2d(x, (height, width)), []);
        check.Summary(caseName);
    }

    [Fact]
    public void Nearest_upsampling_matches_PyTorch()
    {
        using var layer = nn.Upsample(scale_factor: [2.0, 2.0], mode: UpsampleMode.Nearest);
        ModuleParity.Check(check, "upsample_nearest_x2", layer);
        ModuleParity.Check(check, "upsample_nearest_x2", x => F.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest), []);
        check.Summary("upsample_nearest_x2");
    }

    [Fact]
    public void Bilinear_upsampling_matches_PyTorch_with_and_without_aligned_corners()
    {
        using var byScale = nn.Upsample(scale_factor: [2.0, 2.0], mode: UpsampleMode.Bilinear, align_corners: false);
        ModuleParity.Check(check, "upsample_bilinear_x2", byScale);
        ModuleParity.Check(check, "upsample_bilinear_x2", x => F.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Bilinear, align_corners: false), []);
        using var bySize = nn.Upsample(size: [7, 9], mode: UpsampleMode.Bilinear, align_corners: true);
        ModuleParity.Check(check, "upsample_bilinear_size_aligned", bySize);
        check.Summary("upsample_bilinear");
    }

    [Fact]
    public void Activations_match_PyTorch()
    {
        using var relu = nn.ReLU();
        using var tanh = nn.Tanh();
        using var sigmoid = nn.Sigmoid();
        using var leaky = Layers.LeakyReLU(0.2);
        var activations = new (string Name, Func<Tensor, Tensor> Forward)[]
        {
            ("relu", relu.call),
            ("relu", x => F.relu(x)),
            ("tanh", tanh.call),
            ("sigmoid", sigmoid.call),
            ("leaky_relu_0.2", leaky.call),
            ("softmax_dim1", x => F.softmax(x, 1)),
            ("log_softmax_dim1", x => F.log_softmax(x, 1)),
        };
        foreach (var (name, forward) in activations)
        {
            using var scope = NewDisposeScope();
            var fixture = ParityFixture.Load("activations");
            var x = fixture.Float("x").requires_grad_(true);
            var y = forward(x);
            check.Close(y, fixture.Float($"y_{name}"), $"{name} y");
            y.mul(fixture.Float($"g_{name}")).sum().backward();
            check.Close(x.grad!, fixture.Float($"dx_{name}"), $"{name} dx");
        }
        check.Summary("activations");
    }
}
