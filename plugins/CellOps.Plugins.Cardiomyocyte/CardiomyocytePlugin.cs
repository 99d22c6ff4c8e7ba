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
        "Deep learning-based automated prediction system for pluripotent stem cell-derived cardiomyocytes",
        "Kusumoto D., \"Deep learning-based automated prediction system for pluripotent stem cell-derived " +
        "cardiomyocytes\", Keio University research report for FY2020 (published 2021), KOARA 2020000008-20200266.");

    /// <inheritdoc />
    public IReadOnlyList<ICellModel> Models => models;
}
