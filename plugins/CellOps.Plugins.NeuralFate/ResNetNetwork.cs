using CellOps.Sdk.Models;
using CellOps.Sdk.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.NeuralFate;

/// <summary>
/// torchvision's ResNet as a <see cref="ResNetBackbone"/> and a <see cref="ResNetHead"/>, registered as
/// <c>backbone</c> and <c>head</c>: its state dict is torchvision's with <c>backbone.</c> before the
/// layers and <c>head.</c> before <c>fc</c>, so ImageNet weights saved by PyTorch import key for key
/// (<see cref="IImportableNetwork"/>), and a trained backbone transfers to other classes.
/// </summary>
public sealed class ResNetNetwork : nn.Module<Tensor, Tensor>, ITransferableNetwork, IImportableNetwork
{
    private static readonly string[] BackboneLayers = { "conv1", "bn1", "layer1", "layer2", "layer3", "layer4" };

    private readonly ResNetBackbone backbone;
    private ResNetHead head;
    private readonly ResNetArchitecture architecture;
    private readonly double dropout;

    /// <summary>Builds the network with torchvision's initialisation on the CPU.</summary>
    /// <param name="architecture">Which ResNet.</param>
    /// <param name="classes">Classes, at least 2.</param>
    /// <param name="dropout">Dropout before the classifier's linear layer, in [0, 1).</param>
    /// <param name="freezeBatchNorm">Whether batch norms stay in evaluation mode while the network trains.</param>
    /// <param name="inChannels">Input channels.</param>
    public ResNetNetwork(ResNetArchitecture architecture, int classes, double dropout = 0, bool freezeBatchNorm = false, int inChannels = 3)
        : base(nameof(ResNetNetwork))
    {
        this.architecture = architecture ?? throw new ArgumentNullException(nameof(architecture));
        backbone = new ResNetBackbone(architecture, inChannels);
        head = new ResNetHead(backbone.FeatureCount, classes, dropout);
        this.dropout = dropout;
        FreezeBatchNorm = freezeBatchNorm;
        RegisterComponents();
    }

    /// <summary>
    /// Whether every batch norm stays in evaluation mode when the network is put into training: the
    /// running statistics (ImageNet's, after an import) are used and kept, not re-estimated from small
    /// batches; the norms' scales and shifts still learn.
    /// </summary>
    public bool FreezeBatchNorm { get; }

    /// <inheritdoc />
    public nn.Module Backbone => backbone;

    /// <inheritdoc />
    public nn.Module Head => head;

    /// <inheritdoc />
    public int ClassCount => head.ClassCount;

    /// <inheritdoc />
    public string ImportedArchitecture => architecture.TorchvisionName;

    /// <summary>torchvision's <c>fc.*</c> to <c>head.fc.*</c>, its stem and stages to <c>backbone.*</c>; anything else has no place.</summary>
    /// <inheritdoc />
    public string? MapImportedKey(string sourceKey)
    {
        ArgumentNullException.ThrowIfNull(sourceKey);
        int dot = sourceKey.IndexOf('.');
        if (dot <= 0) return null;
        string layer = sourceKey[..dot];
        if (layer == "fc") return "head." + sourceKey;
        return Array.IndexOf(BackboneLayers, layer) >= 0 ? "backbone." + sourceKey : null;
    }

    /// <inheritdoc />
    public void ReplaceHead(int classCount)
    {
        head = HeadSwap.Replace(this, nameof(head), head, new ResNetHead(backbone.FeatureCount, classCount, dropout), backbone);
    }

    /// <summary>Sets training or evaluation mode; with <see cref="FreezeBatchNorm"/>, batch norms stay in evaluation mode.</summary>
    public override void train(bool train = true)
    {
        base.train(train);
        if (!train || !FreezeBatchNorm) return;
        foreach (var module in modules())
        {
            if (module is BatchNorm2d norm) norm.eval();
        }
    }

    /// <summary>N×C×H×W tiles to N×K logits.</summary>
    public override Tensor forward(Tensor input)
    {
        using var features = backbone.call(input);
        return head.call(features);
    }
}
