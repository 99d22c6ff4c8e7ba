using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Sdk.Models;

/// <summary>
/// A model a plugin offers: what it predicts, what input it takes, its hyperparameters, and how to
/// build its network. Implement <see cref="ISupervisedModel"/> to let the host's standard trainer do
/// the training, or <see cref="ICustomTrainingModel"/> to drive your own loop.
/// </summary>
public interface ICellModel
{
    /// <summary>Name within the plugin, e.g. <c>TileClassifier</c>; users write <c>PluginId.Name</c>.</summary>
    string Name { get; }

    /// <summary>One or two sentences for Get-CellModel.</summary>
    string Description { get; }

    /// <summary>What the model predicts.</summary>
    ModelTask Task { get; }

    /// <summary>The input the network takes.</summary>
    InputSpec Input { get; }

    /// <summary>The tile target the model trains on (e.g. <see cref="TileTarget.Label"/>).</summary>
    TileTarget Target { get; }

    /// <summary>Class names, index = class (empty where the task has no classes).</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>The hyperparameters the model declares, with ranges and defaults.</summary>
    IReadOnlyList<HyperParameter> HyperParameters { get; }

    /// <summary>
    /// Builds the network on the CPU with freshly initialised weights (the host seeds the generator
    /// first and moves it to the device). For classification it maps N×C×H×W inputs to N×K logits.
    /// </summary>
    /// <param name="hyperParameters">Resolved values of <see cref="HyperParameters"/>.</param>
    nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters);
}
