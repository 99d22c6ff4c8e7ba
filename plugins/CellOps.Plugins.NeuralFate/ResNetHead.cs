using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.NeuralFate;

/// <summary>
/// A ResNet's classifier: the feature map averaged over its whole extent (so any tile size gives one
/// vector), optional dropout, and one fully connected layer (<c>fc</c>, as torchvision names it) to
/// one logit per class. The part that changes with the classes.
/// </summary>
public sealed class ResNetHead : nn.Module<Tensor, Tensor>
{
    private readonly Dropout dropout;
    private readonly Linear fc;

    /// <summary>Builds the classifier with a linear layer's default initialisation, as torchvision's.</summary>
    /// <param name="features">Channels of the backbone's feature map.</param>
    /// <param name="classes">Classes, at least 2.</param>
    /// <param name="dropoutProbability">Dropout before the linear layer, in [0, 1).</param>
    public ResNetHead(int features, int classes, double dropoutProbability) : base(nameof(ResNetHead))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if (!(dropoutProbability >= 0 && dropoutProbability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(dropoutProbability), dropoutProbability, "Dropout must be in [0, 1).");
        }
        ClassCount = classes;
        dropout = nn.Dropout(dropoutProbability);
        fc = nn.Linear(features, classes);
        RegisterComponents();
    }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>N×C×h×w feature map to N×classes logits.</summary>
    public override Tensor forward(Tensor features)
    {
        using var pooled = features.mean(new long[] { 2, 3 });
        using var dropped = dropout.call(pooled);
        return fc.call(dropped);
    }
}
