using CellOps.Sdk.Models;

namespace CellOps.Plugins.Leukocyte;

/// <summary>
/// Classifying white blood cells into their five types (basophil, eosinophil, lymphocyte, monocyte,
/// neutrophil) from crops of stained blood smears with W-Net, a CNN of few layers; the study also
/// fine-tunes the trained W-Net on other data (transfer learning) and copes with the types' very
/// unequal frequencies.
/// </summary>
public sealed class LeukocytePlugin : ICellPlugin
{
    private readonly ICellModel[] models = { new WNetModel(), new DcganModel() };

    /// <inheritdoc />
    public string Id => "Leukocyte";

    /// <inheritdoc />
    public Version Version { get; } = new(0, 2, 0);

    /// <inheritdoc />
    public StudyReference Study { get; } = new(
        "WBC image classification and generative models based on convolutional neural network",
        "Jung C., Abuhamad M., Mohaisen D., Han K., Nyang D. (2022). BMC Medical Imaging 22:94. W-Net classifies five " +
        "white-blood-cell types with 97% accuracy on 6,562 images; transfer learning and DCGAN-synthesised cells.",
        "10.1186/s12880-022-00818-1");

    /// <inheritdoc />
    public IReadOnlyList<ICellModel> Models => models;
}
