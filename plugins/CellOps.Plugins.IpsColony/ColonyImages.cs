using CellOps.Sdk.Models;

namespace CellOps.Plugins.IpsColony;

/// <summary>What the plugin's three models share: their input and the study's classes.</summary>
internal static class ColonyImages
{
    /// <summary>
    /// 64×64 patches of one channel (phase contrast or any grey-level micrograph), scaled to [0, 1] by
    /// the pixel type's range. Not standardised patch by patch: brightness itself tells the classes
    /// apart (dark membranes, bright dense colonies), and a standardised patch of pure background would
    /// look like one of pure colony.
    /// </summary>
    public static InputSpec Input { get; } = new(64, 1, Normalization.UnitRange);

    /// <summary>The study's classes, in label order; a tile set with other classes trains a head of its own.</summary>
    public static IReadOnlyList<string> Classes { get; } = new[] { "background", "differentiated", "undifferentiated" };

    public const string BaseWidth = "BaseWidth";
    public const string LearningRate = "LearningRate";
    public const string WeightDecay = "WeightDecay";

    public static HyperParameter Width(int fallback) =>
        new(BaseWidth, HyperParameterKind.Integer, 4, 64, fallback, "Channels of the first stage; doubles per stage.");

    public static HyperParameter Rate(double fallback) =>
        new(LearningRate, HyperParameterKind.LogReal, 1e-5, 1e-1, fallback, "Adam learning rate.");

    public static HyperParameter Decay { get; } =
        new(WeightDecay, HyperParameterKind.LogReal, 1e-7, 1e-2, 1e-5, "Adam weight decay (L2).");
}
