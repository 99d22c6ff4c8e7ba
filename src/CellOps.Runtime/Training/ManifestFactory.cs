using CellOps.Runtime.Packaging;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Training;

/// <summary>
/// Builds the manifest of a trained model (and of its checkpoints): what the run fixes is given once,
/// the history as it grows.
/// </summary>
/// <param name="Plugin">The plugin.</param>
/// <param name="Model">The model.</param>
/// <param name="ClassNames">The classes the network predicts (the model's, or the tiles' where it got a new head).</param>
/// <param name="HyperParameters">The run's hyperparameters.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Fingerprint">The training data's fingerprint.</param>
/// <param name="TileCount">Tiles in the training data (training and validation).</param>
/// <param name="Parent">The package training started from, or null.</param>
/// <param name="WholeImages">Whether the tiles were whole micrographs resized.</param>
/// <param name="OutputGrids">A dense model's output grids, or null.</param>
/// <param name="Coding">How the training label images coded classes, or null.</param>
/// <param name="Input">The input the network takes, where the data decides it (an image-translation model's channels, the tile size of a model that takes any); null: the model's.</param>
/// <param name="TargetScaling">An image-translation model's target channels and their scaling, or null.</param>
/// <param name="Validation">What the validation split held out, or null without one.</param>
/// <param name="ImportedFrom">The file the weights were imported from rather than trained (ConvertTo-CellModel), or null.</param>
internal sealed record ManifestFactory(
    ICellPlugin Plugin,
    ICellModel Model,
    IReadOnlyList<string> ClassNames,
    HyperParameterValues HyperParameters,
    long Seed,
    string Fingerprint,
    int TileCount,
    ParentPackage? Parent,
    bool WholeImages,
    IReadOnlyList<int>? OutputGrids = null,
    LabelCoding? Coding = null,
    InputSpec? Input = null,
    Translation.TargetScaling? TargetScaling = null,
    ValidationHoldOut? Validation = null,
    WeightOrigin? ImportedFrom = null)
{
    /// <summary>The manifest of a package whose weights are those of <paramref name="keptEpoch"/> (null: the last epoch of the history).</summary>
    public ModelManifest Create(IReadOnlyList<IReadOnlyDictionary<string, double>> history, int? keptEpoch = null)
    {
        var (plugin, model, hyperParameters, seed, fingerprint, tileCount) = (Plugin, Model, HyperParameters, Seed, Fingerprint, TileCount);
        var kept = keptEpoch is { } k
            ? history.LastOrDefault(h => h.TryGetValue("epoch", out var e) && e == k)
              ?? throw new ArgumentException($"Epoch {k} is not in the run's history.", nameof(keptEpoch))
            : history.Count > 0 ? history[^1] : null;
        var metrics = kept is null
            ? new Dictionary<string, double>()
            : kept.Where(p => p.Key is not ("epoch" or "seconds")).ToDictionary(p => p.Key, p => p.Value);
        var input = Input ?? model.Input;
        return new ModelManifest
        {
            PluginId = plugin.Id,
            PluginVersion = plugin.Version.ToString(3),
            ModelName = model.Name,
            Task = model.Task,
            TileSize = input.TileSize,
            Channels = input.Channels,
            Normalization = input.Normalization.Kind,
            NormalizationMean = input.Normalization.Mean.ToArray(),
            NormalizationStd = input.Normalization.Std.ToArray(),
            Target = model.Target,
            ClassNames = ClassNames.ToArray(),
            WholeImages = WholeImages,
            OutputGrids = OutputGrids?.ToArray(),
            LabelValues = Coding is { Values.Count: > 0 } ? Coding.Values.ToArray() : null,
            IgnoreClass = Coding?.IgnoreValue,
            TargetScaling = TargetScaling,
            HyperParameters = hyperParameters.ToDictionary(p => p.Key, p => p.Value),
            Seed = seed,
            TrainingFingerprint = fingerprint,
            TrainingTileCount = tileCount,
            Metrics = metrics,
            EpochMetrics = history.ToArray(),
            KeptEpoch = kept is not null && kept.TryGetValue("epoch", out var epoch) ? (int)epoch : null,
            Validation = Validation,
            Parent = Parent,
            ImportedFrom = ImportedFrom,
            SdkVersion = CellOps.Sdk.SdkVersion.Current.ToString(3),
            CreatedUtc = DateTimeOffset.UtcNow,
        };
    }
}
