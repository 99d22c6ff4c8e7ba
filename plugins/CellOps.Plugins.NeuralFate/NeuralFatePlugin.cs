using CellOps.Sdk.Models;

namespace CellOps.Plugins.NeuralFate;

/// <summary>
/// Predicting what a neural stem cell will become (neuron or glia; or one of several fates) from
/// bright-field images with a ResNet-50, as a preprint reports (99.7 % test accuracy binary, 93.3 %
/// multiclass); ResNet-18 is offered as a lighter alternative.
/// </summary>
public sealed class NeuralFatePlugin : ICellPlugin
{
    private readonly ICellModel[] models = { new ResNetModel(ResNetArchitecture.ResNet18), new ResNetModel(ResNetArchitecture.ResNet50) };

    /// <inheritdoc />
    public string Id => "NeuralFate";

    /// <inheritdoc />
    public Version Version { get; } = new(0, 1, 0);

    /// <inheritdoc />
    public StudyReference Study { get; } = new(
        "Untitled preprint on CNN prediction of neural stem cell differentiation",
        "a preprint on CNN prediction of neural stem cell differentiation (ResNet-50: 99.7 % binary, 93.3 % multiclass test accuracy); " +
        "the document gives no authors or title.");

    /// <inheritdoc />
    public IReadOnlyList<ICellModel> Models => models;
}
