using System.Text.Json.Serialization;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Packaging;

/// <summary>
/// What a model package says about its model: where it came from, what input it takes, how it was
/// trained and how well it did, and the SHA-256 of every other entry. Stored as <c>manifest.json</c>
/// (camelCase, enums as names).
/// </summary>
public sealed class ModelManifest
{
    /// <summary>The package format this version of CellOps writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    private IReadOnlyDictionary<string, string> _entries = new Dictionary<string, string>();
    private SearchSummary? _search;

    /// <summary>The package format; readers refuse formats they do not know.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The plugin that defines the model, e.g. <c>Cardiomyocyte</c>.</summary>
    public required string PluginId { get; init; }

    /// <summary>The plugin's version when the model was trained, e.g. <c>0.1.0</c>.</summary>
    public required string PluginVersion { get; init; }

    /// <summary>The model's name within the plugin, unqualified, e.g. <c>TileClassifier</c>.</summary>
    public required string ModelName { get; init; }

    /// <summary>What the model predicts.</summary>
    public required ModelTask Task { get; init; }

    /// <summary>Tile width and height in pixels.</summary>
    public required int TileSize { get; init; }

    /// <summary>Input channels.</summary>
    public required int Channels { get; init; }

    /// <summary>How input pixels were normalised in training; inference must do the same.</summary>
    public required NormalizationKind Normalization { get; init; }

    /// <summary>Per-channel means for <see cref="NormalizationKind.Fixed"/>.</summary>
    public IReadOnlyList<float> NormalizationMean { get; init; } = [];

    /// <summary>Per-channel standard deviations for <see cref="NormalizationKind.Fixed"/>.</summary>
    public IReadOnlyList<float> NormalizationStd { get; init; } = [];

    /// <summary>The tile target the model was trained on.</summary>
    public required TileTarget Target { get; init; }

    /// <summary>Class names, index = class.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>
    /// Whether the model was trained on whole micrographs resized to the tile size (cell crops) rather
    /// than on tiles cut on a grid; micrographs given for prediction are then resized whole too.
    /// Left out of the JSON when false.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool WholeImages { get; init; }

    /// <summary>
    /// For dense models: the grid sizes r of the network's output, in output order (see
    /// <c>IDenseModel.OutputGrids</c>). Left out of the JSON when empty.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public IReadOnlyList<int>? OutputGrids { get; init; }

    /// <summary>
    /// For models trained on a label image (CenterClass, ClassHistogram): the label values of classes
    /// 0 to K − 1, where they are not the class indices. Left out of the JSON when empty.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public IReadOnlyList<int>? LabelValues { get; init; }

    /// <summary>For models trained on a label image: the label value that was no class, or null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int? IgnoreClass { get; init; }

    /// <summary>
    /// For image-translation models: the target channels and how their intensities were scaled for
    /// training, so predictions come back in the target's own units. Left out of the JSON for other models.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Translation.TargetScaling? TargetScaling { get; init; }

    /// <summary>How the label images of the training data coded classes; null for models not trained on a label image.</summary>
    public LabelCoding? Coding() => Target is TileTarget.CenterClass or TileTarget.ClassHistogram && ClassNames.Count > 0
        ? new LabelCoding(ClassNames.Count, IgnoreClass, LabelValues)
        : null;

    /// <summary>The resolved hyperparameter values of the training run.</summary>
    public IReadOnlyDictionary<string, double> HyperParameters { get; init; } = new Dictionary<string, double>();

    /// <summary>The random seed of the training run.</summary>
    public long Seed { get; init; }

    /// <summary>Lowercase hex SHA-256 the trainer computed over its training data and settings.</summary>
    public string TrainingFingerprint { get; init; } = "";

    /// <summary>How many tiles the model was trained on.</summary>
    public int TrainingTileCount { get; init; }

    /// <summary>
    /// Metrics of the epoch whose weights the package holds (<see cref="KeptEpoch"/>; the last epoch in packages
    /// without it), e.g. <c>loss</c>, <c>val_loss</c>, <c>val_accuracy</c>.
    /// </summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Metrics per epoch, in epoch order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> EpochMetrics { get; init; } = [];

    /// <summary>
    /// The epoch whose weights the package holds: the one with the lowest validation loss where the run kept
    /// the best epoch, else the last. Null in packages written before it was recorded (they hold the last).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? KeptEpoch { get; init; }

    /// <summary>What the validation split held out, or null where there was none (or the package predates the record).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ValidationHoldOut? Validation { get; init; }

    /// <summary>
    /// The hyperparameter search that chose <see cref="HyperParameters"/> (every trial and its score),
    /// or null where the model was trained with given values. Left out of the JSON when null, so
    /// manifests of plain training runs read exactly as before.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SearchSummary? Search { get => _search; init => _search = value; }

    /// <summary>
    /// The package this model's training started from (its backbone's weights), or null for a model
    /// trained from fresh weights. Left out of the JSON when null.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ParentPackage? Parent { get; init; }

    /// <summary>
    /// The file whose weights the package holds where they were imported rather than trained (a PyTorch
    /// state dict; see <see cref="WeightOrigin"/>), or null. Left out of the JSON when null.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WeightOrigin? ImportedFrom { get; init; }

    /// <summary>The CellOps SDK version that wrote the package, e.g. <c>0.1.0</c>.</summary>
    public required string SdkVersion { get; init; }

    /// <summary>When the package was created.</summary>
    public DateTimeOffset CreatedUtc { get; init; }

    /// <summary>
    /// Every entry except <c>manifest.json</c>, name to lowercase hex SHA-256 of its bytes.
    /// <see cref="ModelPackageWriter"/> fills this in; whatever a caller puts here is ignored.
    /// </summary>
    public IReadOnlyDictionary<string, string> Entries { get => _entries; init => _entries = value; }

    /// <summary>The input the model takes, as the SDK describes it.</summary>
    /// <exception cref="ArgumentException">Fixed normalisation without one positive std and one mean per channel.</exception>
    public InputSpec ToInputSpec() =>
        new(TileSize, Channels, new Normalization(Normalization, NormalizationMean, NormalizationStd));

    // A shallow copy keeps every other property, including ones added later, without listing them.
    internal ModelManifest WithEntries(IReadOnlyDictionary<string, string> entries)
    {
        var copy = (ModelManifest)MemberwiseClone();
        copy._entries = entries;
        return copy;
    }

    /// <summary>A copy with <see cref="Search"/> set.</summary>
    public ModelManifest WithSearch(SearchSummary? search)
    {
        var copy = (ModelManifest)MemberwiseClone();
        copy._search = search;
        return copy;
    }
}
