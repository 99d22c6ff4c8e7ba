using CellOps.Sdk.Torch;
using TorchSharp;
using TorchSharp.Modules;
using BatchNorm2d = CellOps.Sdk.Torch.BatchNorm2d;
using static TorchSharp.torch;

namespace CellOps.Plugins.NeuralFate;

/// <summary>
/// A ResNet up to its last stage: a 7×7 convolution of stride 2, batch norm, ReLU and 3×3 max pooling
/// (a quarter of the tile), then four stages of residual blocks (64, 128, 256, 512 channels wide, each
/// after the first halving the map). Its output is the N×C×H/32×W/32 feature map, C =
/// <see cref="FeatureCount"/>. Layer names are torchvision's, so a torchvision state dict maps onto it key
/// for key under the <c>backbone.</c> prefix.
/// </summary>
public sealed class ResNetBackbone : nn.Module<Tensor, Tensor>
{
    private static readonly int[] StageWidths = { 64, 128, 256, 512 };

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;

    /// <summary>Builds the backbone with torchvision's initialisation, from torch's generator.</summary>
    /// <param name="architecture">Which ResNet.</param>
    /// <param name="inChannels">Input channels (3 for ImageNet weights).</param>
    public ResNetBackbone(ResNetArchitecture architecture, int inChannels = 3) : base(nameof(ResNetBackbone))
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        if (architecture.BlocksPerStage.Count != StageWidths.Length || architecture.BlocksPerStage.Any(b => b < 1))
        {
            throw new ArgumentException($"A ResNet has four stages of at least one block; {architecture.Name} gives {string.Join("-", architecture.BlocksPerStage)}.", nameof(architecture));
        }
        FeatureCount = architecture.FeatureCount;
        conv1 = nn.Conv2d(inChannels, 64, kernel_size: 7, stride: 2, padding: 3, bias: false);
        bn1 = Layers.BatchNorm2d(64);
        maxpool = nn.MaxPool2d(kernel_size: 3, stride: 2, padding: 1);
        int channels = 64;
        var stages = new Sequential[StageWidths.Length];
        for (int s = 0; s < stages.Length; s++)
        {
            int width = StageWidths[s];
            var blocks = new (string, nn.Module<Tensor, Tensor>)[architecture.BlocksPerStage[s]];
            for (int b = 0; b < blocks.Length; b++)
            {
                int stride = b == 0 && s > 0 ? 2 : 1;
                blocks[b] = (b.ToString(System.Globalization.CultureInfo.InvariantCulture), architecture.Block == ResNetBlockKind.Basic
                    ? new BasicBlock(channels, width, stride)
                    : new Bottleneck(channels, width, stride));
                channels = width * architecture.Expansion;
            }
            stages[s] = nn.Sequential(blocks);
        }
        (layer1, layer2, layer3, layer4) = (stages[0], stages[1], stages[2], stages[3]);
        RegisterComponents();
        ResNetInitialization.Apply(this);
    }

    /// <summary>Channels of the feature map the backbone outputs (512 for ResNet-18, 2048 for ResNet-50).</summary>
    public int FeatureCount { get; }

    /// <summary>N×C×H×W tiles to the N×<see cref="FeatureCount"/>×H/32×W/32 feature map (rounded up).</summary>
    public override Tensor forward(Tensor input)
    {
        using var stem = conv1.call(input);
        using var stemNormed = bn1.call(stem);
        stemNormed.relu_();
        using var pooled = maxpool.call(stemNormed);
        using var stage1 = layer1.call(pooled);
        using var stage2 = layer2.call(stage1);
        using var stage3 = layer3.call(stage2);
        return layer4.call(stage3);
    }
}
