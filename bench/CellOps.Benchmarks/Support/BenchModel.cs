using CellOps.Plugins.Cardiomyocyte;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Training;
using CellOps.Sdk.Models;
using TorchSharp;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// A Cardiomyocyte tile-classifier package with freshly initialised weights (seeded), written as
/// Start-CellTraining writes one, so that the benchmarks load and predict through the same types
/// Invoke-CellModel uses. Speed does not depend on what the weights learned.
/// </summary>
internal static class BenchModel
{
    /// <summary>Writes the package to <paramref name="path"/> and returns the model it needs.</summary>
    public static TileClassifierModel WritePackage(string path, long seed = 0)
    {
        var plugin = new CardiomyocytePlugin();
        var model = new TileClassifierModel();
        var values = HyperParameterValues.Resolve(model.HyperParameters, null);
        torch.random.manual_seed(seed);
        using var network = model.CreateNetwork(values);
        var input = model.Input;
        var manifest = new ModelManifest
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
            HyperParameters = values.ToDictionary(p => p.Key, p => p.Value),
            Seed = seed,
            SdkVersion = CellOps.Sdk.SdkVersion.Current.ToString(3),
            CreatedUtc = DateTimeOffset.UtcNow,
        };
        ModelPackageWriter.Write(path, manifest, new Dictionary<string, byte[]> { [Checkpoint.WeightsEntry] = Checkpoint.SaveWeights(network) });
        return model;
    }
}
