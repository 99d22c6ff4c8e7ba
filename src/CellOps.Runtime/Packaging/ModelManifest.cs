using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Packaging;

/// <summary>
/// The manifest of a model package (<c>manifest.json</c>): what the model is, what it takes, how it was
/// trained and how well, and the SHA-256 of every other entry, so a package can be checked before
/// a single weight is read.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>Version of the package format this code writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Package format version.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The plugin that trained the model.</summary>
    public required string PluginId { get; init; }

    /// <summary>The plugin's version.</summary>
    public required string PluginVersion { get; init; }

    /// <summary>The model's name within the plugin.</summary>
    public required string ModelName { get; init; }

    /// <summary>What the model predicts.</summary>
    public required ModelTask Task { get; init; }

    /// <summary>Input tile width and height.</summary>
    public required int TileSize { get; init; }

    /// <summary>Input channels.</summary>
    public required int Channels { get; init; }

    /// <summary>How inputs were normalised.</summary>
    public required NormalizationKind Normalization { get; init; }

    /// <summary>Per-channel means of a fixed normalisation.</summary>
    public IReadOnlyList<float> NormalizationMean { get; init; } = Array.Empty<float>();

    /// <summary>Per-channel standard deviations of a fixed normalisation.</summary>
    public IReadOnlyList<float> NormalizationStd { get; init; } = Array.Empty<float>();

    /// <summary>The tile target it was trained on.</summary>
    public required TileTarget Target { get; init; }

    /// <summary>Class names, index = class.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = Array.Empty<string>();

    /// <summary>Every hyperparameter's value.</summary>
    public IReadOnlyDictionary<string, double> HyperParameters { get; init; } = new Dictionary<string, double>();

    /// <summary>The training run's seed.</summary>
    public long Seed { get; init; }

    /// <summary>SHA-256 over the training tiles' identities and labels.</summary>
    public string TrainingFingerprint { get; init; } = "";

    /// <summary>Tiles in the training tile set (training and validation).</summary>
    public int TrainingTileCount { get; init; }

    /// <summary>Final metrics.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Metrics of every epoch.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> EpochMetrics { get; init; } = Array.Empty<IReadOnlyDictionary<string, double>>();

    /// <summary>Version of CellOps.Sdk that wrote the package.</summary>
    public required string SdkVersion { get; init; }

    /// <summary>When the package was written.</summary>
    public DateTimeOffset CreatedUtc { get; init; }

    /// <summary>Entry name → lowercase hex SHA-256 of its bytes, for every entry but the manifest.</summary>
    public IReadOnlyDictionary<string, string> Entries { get; init; } = new Dictionary<string, string>();

    /// <summary>The input spec the package records.</summary>
    public InputSpec ToInputSpec() =>
        new(TileSize, Channels, new Normalization(Normalization,
            Normalization == NormalizationKind.Fixed ? NormalizationMean : null,
            Normalization == NormalizationKind.Fixed ? NormalizationStd : null));
}
