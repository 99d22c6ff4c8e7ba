using CellOps.Sdk.Torch;
using TorchSharp;
using TorchSharp.Modules;
using BatchNorm2d = CellOps.Sdk.Torch.BatchNorm2d;
using static TorchSharp.torch;

namespace CellOps.Plugins.NeuralFate;

/// <summary>
/// ResNet-18's residual block: two 3×3 convolutions, each followed by batch normalisation, added to
/// the block's input (projected by a strided 1×1 convolution where the size or width changes), then ReLU.
/// Layer names are torchvision's (<c>conv1</c>, <c>bn1</c>, <c>conv2</c>, <c>bn2</c>, <c>downsample.0/1</c>).
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;

    /// <summary>Builds the block (weights initialised by the backbone).</summary>
    /// <param name="inChannels">Channels of the block's input.</param>
    /// <param name="width">Channels of the block's output.</param>
    /// <param name="stride">1, or 2 where the block halves the feature map.</param>
    public BasicBlock(int inChannels, int width, int stride) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inChannels, width, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn1 = Layers.BatchNorm2d(width);
        conv2 = nn.Conv2d(width, width, kernel_size: 3, stride: 1, padding: 1, bias: false);
        bn2 = Layers.BatchNorm2d(width);
        downsample = ResNetShortcut.Projection(inChannels, width, stride);
        RegisterComponents();
    }

    /// <summary>N×C×H×W to N×width×H/stride×W/stride.</summary>
    public override Tensor forward(Tensor input)
    {
        using var first = conv1.call(input);
        using var firstNormed = bn1.call(first);
        firstNormed.relu_();
        using var second = conv2.call(firstNormed);
        var output = bn2.call(second);
        return ResNetShortcut.AddAndActivate(output, input, downsample);
    }
}
