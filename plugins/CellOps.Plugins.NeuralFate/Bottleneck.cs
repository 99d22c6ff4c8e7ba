using CellOps.Sdk.Torch;
using TorchSharp;
using TorchSharp.Modules;
using BatchNorm2d = CellOps.Sdk.Torch.BatchNorm2d;
using static TorchSharp.torch;

namespace CellOps.Plugins.NeuralFate;

/// <summary>
/// ResNet-50's residual block, torchvision's "v1.5": a 1×1 convolution narrows to the stage's width,
/// a 3×3 convolution (the one that strides) works at that width, a 1×1 convolution widens fourfold;
/// each is batch-normalised, and the sum with the (projected) input goes through ReLU. Layer names are
/// torchvision's (<c>conv1</c>…<c>conv3</c>, <c>bn1</c>…<c>bn3</c>, <c>downsample.0/1</c>).
/// </summary>
public sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    /// <summary>How many times wider the block's output is than its width.</summary>
    public const int Expansion = 4;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;

    /// <summary>Builds the block (weights initialised by the backbone).</summary>
    /// <param name="inChannels">Channels of the block's input.</param>
    /// <param name="width">The stage's width; the output has four times as many channels.</param>
    /// <param name="stride">1, or 2 where the block halves the feature map.</param>
    public Bottleneck(int inChannels, int width, int stride) : base(nameof(Bottleneck))
    {
        conv1 = nn.Conv2d(inChannels, width, kernel_size: 1, bias: false);
        bn1 = Layers.BatchNorm2d(width);
        conv2 = nn.Conv2d(width, width, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn2 = Layers.BatchNorm2d(width);
        conv3 = nn.Conv2d(width, width * Expansion, kernel_size: 1, bias: false);
        bn3 = Layers.BatchNorm2d(width * Expansion);
        downsample = ResNetShortcut.Projection(inChannels, width * Expansion, stride);
        RegisterComponents();
    }

    /// <summary>N×C×H×W to N×4·width×H/stride×W/stride.</summary>
    public override Tensor forward(Tensor input)
    {
        using var narrowed = conv1.call(input);
        using var narrowedNormed = bn1.call(narrowed);
        narrowedNormed.relu_();
        using var spatial = conv2.call(narrowedNormed);
        using var spatialNormed = bn2.call(spatial);
        spatialNormed.relu_();
        using var widened = conv3.call(spatialNormed);
        var output = bn3.call(widened);
        return ResNetShortcut.AddAndActivate(output, input, downsample);
    }
}
