using CellOps.Sdk.Models;

namespace CellOps.Plugins.CancerStemCell;

/// <summary>
/// Cancer stem cells in phase contrast: a conditional GAN (pix2pix, a U-Net generator judged by a PatchGAN
/// discriminator) learns to turn phase-contrast images into the paired marker image, so the stem cells
/// can be seen without the marker; the study raised its accuracy by retraining on the generated images a
/// CNN scored best. The same U-Net trained on L1 alone is the baseline.
/// </summary>
public sealed class CancerStemCellPlugin : ICellPlugin
{
    private readonly ICellModel[] models = { new Pix2PixModel(), new UNetL1Model() };

    /// <inheritdoc />
    public string Id => "CancerStemCell";

    /// <inheritdoc />
    public Version Version { get; } = new(0, 1, 0);

    /// <summary>The study, cited as CellOps' study table cites it (which gives no DOI).</summary>
    public StudyReference Study { get; } = new(
        "Deep Learning of Phase-Contrast Images of Cancer Stem Cells Using a Selected Dataset of High Accuracy Value Using " +
        "Conditional Generative Adversarial Networks",
        "Zhang Z., Ishihata H., Maruyama R., Kasai T., Kameda H., Sugiyama T., \"Deep Learning of Phase-Contrast Images of " +
        "Cancer Stem Cells Using a Selected Dataset of High Accuracy Value Using Conditional Generative Adversarial Networks\", " +
        "Int. J. Mol. Sci. 24(6):5323 (2023).");

    /// <inheritdoc />
    public IReadOnlyList<ICellModel> Models => models;
}
