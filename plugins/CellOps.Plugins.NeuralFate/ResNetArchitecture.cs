namespace CellOps.Plugins.NeuralFate;

/// <summary>
/// One member of the ResNet family as torchvision builds it: the block and how many of them each of
/// the four stages (64, 128, 256, 512 channels wide) stacks.
/// </summary>
/// <param name="Name">The model's name, e.g. <c>ResNet50</c>.</param>
/// <param name="Block">The residual block.</param>
/// <param name="BlocksPerStage">Blocks in stages 1 to 4.</param>
/// <param name="TorchvisionName">The torchvision factory whose state dicts map onto this network, e.g. <c>torchvision.models.resnet50</c>.</param>
public sealed record ResNetArchitecture(string Name, ResNetBlockKind Block, IReadOnlyList<int> BlocksPerStage, string TorchvisionName)
{
    /// <summary>ResNet-18: basic blocks, 2-2-2-2; 11.7 million parameters with 1000 classes.</summary>
    public static ResNetArchitecture ResNet18 { get; } = new("ResNet18", ResNetBlockKind.Basic, new[] { 2, 2, 2, 2 }, "torchvision.models.resnet18");

    /// <summary>ResNet-50: bottleneck blocks, 3-4-6-3; 25.6 million parameters with 1000 classes. The study's network.</summary>
    public static ResNetArchitecture ResNet50 { get; } = new("ResNet50", ResNetBlockKind.Bottleneck, new[] { 3, 4, 6, 3 }, "torchvision.models.resnet50");

    /// <summary>The name as papers write it, e.g. <c>ResNet-50</c>.</summary>
    public string DisplayName => Name.StartsWith("ResNet", StringComparison.Ordinal) ? $"ResNet-{Name[6..]}" : Name;

    /// <summary>How many times wider a block's output is than its stage's width (1 basic, 4 bottleneck).</summary>
    public int Expansion => Block == ResNetBlockKind.Basic ? 1 : 4;

    /// <summary>Channels of the last stage's feature map, which the head pools.</summary>
    public int FeatureCount => 512 * Expansion;
}
