using CellOps.Sdk.Models;

namespace CellOps.Plugins.CancerStemCell;

/// <summary>
/// The names of the hyperparameters of <see cref="Pix2PixModel"/> and <see cref="UNetL1Model"/>, and their
/// declarations: pix2pix's values where the tile size allows (see <see cref="Pix2PixModel"/>).
/// </summary>
public static class TranslationHyperParameters
{
    /// <summary>Hyperparameter name: the generator's first width (pix2pix's ngf).</summary>
    public const string GeneratorWidth = "GeneratorWidth";

    /// <summary>Hyperparameter name: the generator's encoder steps.</summary>
    public const string Depth = "Depth";

    /// <summary>Hyperparameter name: dropout probability in the generator's deep decoder steps.</summary>
    public const string Dropout = "Dropout";

    /// <summary>Hyperparameter name: batch or instance normalisation.</summary>
    public const string Norm = "Norm";

    /// <summary>Hyperparameter name: Adam's learning rate.</summary>
    public const string LearningRate = "LearningRate";

    /// <summary>Hyperparameter name: Adam's β1.</summary>
    public const string Beta1 = "Beta1";

    /// <summary>Hyperparameter name: the discriminator's first width (pix2pix's ndf).</summary>
    public const string DiscriminatorWidth = "DiscriminatorWidth";

    /// <summary>Hyperparameter name: the discriminator's layers of stride 2 (pix2pix's n_layers).</summary>
    public const string DiscriminatorLayers = "DiscriminatorLayers";

    /// <summary>Hyperparameter name: the weight of the L1 loss beside the adversarial one (pix2pix's λ).</summary>
    public const string Lambda = "Lambda";

    /// <summary>Tile side in pixels (pix2pix: 256).</summary>
    public const int TileSize = 128;

    /// <summary>Adam's β2, as pix2pix.</summary>
    internal const double Beta2 = 0.999;

    /// <summary>What both models take: 128-pixel phase-contrast tiles, each standardised on its own.</summary>
    internal static InputSpec Input { get; } = new(TileSize, 1, Normalization.PerTileStandardize);

    /// <summary>The generator's and the optimiser's hyperparameters, which both models have.</summary>
    internal static HyperParameter[] Generator { get; } =
    {
        new(GeneratorWidth, HyperParameterKind.Integer, 2, 128, 32, "Channels of the U-Net's first map, doubling per step to at most 8× (pix2pix: 64)."),
        new(Depth, HyperParameterKind.Integer, 2, 7, 7, "U-Net encoder steps; 7 halves a 128-pixel tile to 1×1, as pix2pix's 8 do at 256."),
        new(Dropout, HyperParameterKind.Real, 0, 0.9, 0.5, "Dropout in the U-Net's decoder steps of 8× width below the innermost, in training only."),
        new(Norm, new[] { nameof(FeatureNorm.Batch), nameof(FeatureNorm.Instance) }, nameof(FeatureNorm.Batch),
            "Feature normalisation: Batch (pix2pix's default) or Instance (each tile's own statistics)."),
        new(LearningRate, HyperParameterKind.LogReal, 1e-5, 1e-2, 2e-4, "Adam learning rate (of both networks where there are two)."),
        new(Beta1, HyperParameterKind.Real, 0, 0.99, 0.5, "Adam β1 (of both networks where there are two); β2 is 0.999."),
    };

    /// <summary>The discriminator's and the adversarial loss's hyperparameters.</summary>
    internal static HyperParameter[] Adversary { get; } =
    {
        new(DiscriminatorWidth, HyperParameterKind.Integer, 2, 128, 32, "Channels of the PatchGAN's first map, doubling per layer to at most 8× (pix2pix: 64)."),
        new(DiscriminatorLayers, HyperParameterKind.Integer, 1, 4, 3, "PatchGAN layers of stride 2: 1, 2, 3, 4 see 16, 34, 70, 142-pixel patches (pix2pix: 3)."),
        new(Lambda, HyperParameterKind.Real, 0, 1000, 100, "Weight of the L1 loss beside the adversarial loss (pix2pix: 100)."),
    };

    /// <summary>The generator the values describe.</summary>
    internal static UNetGenerator CreateGenerator(HyperParameterValues values, int inputChannels, int outputChannels)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new UNetGenerator(inputChannels, outputChannels, values.GetInt(GeneratorWidth), values.GetInt(Depth),
            values.GetReal(Dropout), Enum.Parse<FeatureNorm>(values.GetChoice(Norm)));
    }
}
