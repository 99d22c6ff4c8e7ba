using CellOps.Runtime.Packaging;
using CellOps.Sdk.Models;

namespace CellOps.Runtime.Training;

/// <summary>Builds the manifest of a trained model (and of its checkpoints).</summary>
internal static class ManifestFactory
{
    public static ModelManifest Create(
        ICellPlugin plugin,
        ICellModel model,
        HyperParameterValues hyperParameters,
        long seed,
        string fingerprint,
        int tileCount,
        IReadOnlyList<IReadOnlyDictionary<string, double>> history)
    {
        var final = history.Count > 0
            ? history[^1].Where(p => p.Key is not ("epoch" or "seconds")).ToDictionary(p => p.Key, p => p.Value)
            : new Dictionary<string, double>();
        var input = model.Input;
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
            ClassNames = model.ClassNames.ToArray(),
            HyperParameters = hyperParameters.ToDictionary(p => p.Key, p => p.Value),
            Seed = seed,
            TrainingFingerprint = fingerprint,
            TrainingTileCount = tileCount,
            Metrics = final,
            EpochMetrics = history.ToArray(),
            SdkVersion = CellOps.Sdk.SdkVersion.Current.ToString(3),
            CreatedUtc = DateTimeOffset.UtcNow,
        };
    }
}
