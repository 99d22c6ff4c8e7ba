using CellOps.Runtime.Packaging;

namespace CellOps.Runtime.Training;

/// <summary>A trained model as Start-CellTraining reports it: where its package is and how training went.</summary>
public sealed class TrainedModel
{
    private readonly EpochRecord? _kept;

    private TrainedModel(string path, string model, string pluginVersion, long seed, int trainingTiles, string fingerprint,
        IReadOnlyList<EpochRecord> epochs, string? stopReason, string device, IReadOnlyDictionary<string, double> metrics,
        int? keptEpoch, ValidationHoldOut? validation)
    {
        Path = path;
        Model = model;
        PluginVersion = pluginVersion;
        Seed = seed;
        TrainingTiles = trainingTiles;
        Fingerprint = fingerprint;
        EpochMetrics = epochs;
        StopReason = stopReason;
        Device = device;
        Metrics = metrics;
        KeptEpoch = keptEpoch;
        HeldOut = validation?.Groups ?? Array.Empty<string>();
        HeldOutBy = validation?.By;
        _kept = keptEpoch is { } k ? epochs.LastOrDefault(e => e.Epoch == k) : epochs.Count > 0 ? epochs[^1] : null;
    }

    /// <summary>
    /// The report of a training run whose package has been written. Everything but the path and the
    /// device is read from the run, so a plain training and a search's best trial report alike.
    /// </summary>
    /// <param name="outcome">The run.</param>
    /// <param name="path">Where its package was written.</param>
    /// <param name="device">Where it trained, in words.</param>
    public static TrainedModel Of(TrainingOutcome outcome, string path, string device)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var manifest = outcome.Manifest;
        return new TrainedModel(path, $"{manifest.PluginId}.{manifest.ModelName}", manifest.PluginVersion, manifest.Seed,
            manifest.TrainingTileCount, manifest.TrainingFingerprint, outcome.Epochs, outcome.StopReason, device, manifest.Metrics,
            outcome.Epochs.Count > 0 ? outcome.KeptEpoch : null, manifest.Validation);
    }

    /// <summary>
    /// The report of a training run read back from its package (a search trial trained by a task): its epochs come from
    /// the manifest's history.
    /// </summary>
    /// <param name="manifest">The package's manifest.</param>
    /// <param name="path">The package.</param>
    /// <param name="stopReason">Why training ended early, or null.</param>
    /// <param name="device">Where it trained, in words.</param>
    public static TrainedModel Of(ModelManifest manifest, string path, string? stopReason, string device)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var epochs = manifest.EpochMetrics.Select(EpochRecord.FromMetrics).ToArray();
        return new TrainedModel(path, $"{manifest.PluginId}.{manifest.ModelName}", manifest.PluginVersion, manifest.Seed,
            manifest.TrainingTileCount, manifest.TrainingFingerprint, epochs, stopReason, device, manifest.Metrics,
            epochs.Length > 0 ? manifest.KeptEpoch : null, manifest.Validation);
    }

    /// <summary>
    /// Every metric the kept epoch (<see cref="KeptEpoch"/>) recorded, by name (<c>loss</c>, <c>val_accuracy</c>, and
    /// whatever a custom loop adds, such as a GAN's <c>loss_d</c> and <c>d_real</c>); empty where none was recorded.
    /// </summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>The model package, or null where none was written.</summary>
    public string? Path { get; }

    /// <summary>File name of the package.</summary>
    public string? Name => Path is null ? null : System.IO.Path.GetFileName(Path);

    /// <summary>PluginId.ModelName.</summary>
    public string Model { get; }

    /// <summary>Version of the plugin that trained it.</summary>
    public string PluginVersion { get; }

    /// <summary>The run's seed.</summary>
    public long Seed { get; }

    /// <summary>Tiles in the tile set (training and validation).</summary>
    public int TrainingTiles { get; }

    /// <summary>SHA-256 fingerprint of the tiles.</summary>
    public string Fingerprint { get; }

    /// <summary>Per-epoch metrics.</summary>
    public IReadOnlyList<EpochRecord> EpochMetrics { get; }

    /// <summary>Epochs finished.</summary>
    public int Epochs => EpochMetrics.Count;

    /// <summary>
    /// The epoch whose weights the package holds: the one with the lowest validation loss where the run kept its
    /// best epoch (the default with a validation split), else the last; null where no epoch finished.
    /// </summary>
    public int? KeptEpoch { get; }

    /// <summary>What the validation split held out whole: <c>micrograph</c> or the -HoldOutBy grouping; null without validation.</summary>
    public string? HeldOutBy { get; }

    /// <summary>The micrographs, or groups, held out for validation.</summary>
    public IReadOnlyList<string> HeldOut { get; }

    /// <summary>Training loss of the kept epoch.</summary>
    public double? Loss => _kept?.Loss;

    /// <summary>Validation loss of the kept epoch.</summary>
    public double? ValidationLoss => _kept?.ValidationLoss;

    /// <summary>Validation accuracy of the kept epoch.</summary>
    public double? ValidationAccuracy => _kept?.ValidationAccuracy;

    /// <summary>Validation F1 of the kept epoch.</summary>
    public double? ValidationF1 => _kept?.ValidationF1;

    /// <summary>Validation ROC AUC of the kept epoch.</summary>
    public double? ValidationAuc => _kept?.ValidationAuc;

    /// <summary>Why training ended before its last epoch, or null.</summary>
    public string? StopReason { get; }

    /// <summary>Where it trained.</summary>
    public string Device { get; }

    /// <inheritdoc />
    public override string ToString() => Path ?? Model;
}
