using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.TestPlugins.Good;

/// <summary>A one-layer (or, with Head = Hidden, two-layer) classifier of 1×4×4 tiles into two classes.</summary>
public sealed class ProbeModel : ISupervisedModel
{
    public string Name => "Probe";

    public string Description => "One linear layer over a 4×4 tile.";

    public ModelTask Task => ModelTask.TileClassification;

    public InputSpec Input { get; } = new(4, 1, Normalization.UnitRange);

    public TileTarget Target => TileTarget.Label;

    public IReadOnlyList<string> ClassNames { get; } = new[] { "negative", "positive" };

    public IReadOnlyList<HyperParameter> HyperParameters { get; } = new[]
    {
        new HyperParameter("LearningRate", HyperParameterKind.LogReal, 1e-4, 1e-1, 1e-2, "Adam step size."),
        new HyperParameter("Head", new[] { "Linear", "Hidden" }, "Linear", "One linear layer, or a hidden layer of 8 before it."),
    };

    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters) =>
        hyperParameters.GetChoice("Head") == "Hidden"
            ? nn.Sequential(nn.Flatten(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 2))
            : nn.Sequential(nn.Flatten(), nn.Linear(16, 2));

    public Tensor ComputeLoss(Tensor output, Tensor target, Tensor? classWeights) =>
        nn.functional.cross_entropy(output, target, classWeights);
}
