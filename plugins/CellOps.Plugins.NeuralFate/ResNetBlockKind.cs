namespace CellOps.Plugins.NeuralFate;

/// <summary>The residual block a ResNet stacks.</summary>
public enum ResNetBlockKind
{
    /// <summary>Two 3×3 convolutions (ResNet-18 and -34); output channels as wide as the stage.</summary>
    Basic,

    /// <summary>1×1, 3×3 (which strides), 1×1 convolutions (ResNet-50 and deeper); output channels four times the stage's width.</summary>
    Bottleneck,
}
