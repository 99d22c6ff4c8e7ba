using CellOps.Sdk.Models;

namespace CellOps.Plugins.Cardiomyocyte;

/// <summary>
/// Detecting cardiomyocyte differentiation of ES cells from phase-contrast images: tiles labelled by
/// NKX2.5-GFP fluorescence train a CNN that then recognises cardiomyocytes without the reporter.
/// </summary>
public sealed class CardiomyocytePlugin : ICellPlugin
{
    private readonly ICellModel[] models = { new TileClassifierModel(), new TextureBaselineModel() };

    /// <inheritdoc />
    public string Id => "Cardiomyocyte";

    /// <inheritdoc />
    public Version Version { get; } = new(0, 1, 0);

    /// <inheritdoc />
    public StudyReference Study { get; } = new(
        "A deep learning approach to detect differentiation of ES cell-derived cardiomyocytes",
        "Orita K. et al. (2020). Deep-learning classification of ES cell-derived cardiomyocyte differentiation from " +
        "phase-contrast images, with NKX2.5-GFP reporter fluorescence as the label.");

    /// <inheritdoc />
    public IReadOnlyList<ICellModel> Models => models;
}
