using CellOps.Plugins.Cardiomyocyte;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Training;
using CellOps.Sdk.Models;
using TorchSharp;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// A model package with freshly initialised weights (seeded) at the model's default hyperparameters,
/// written as Start-CellTraining writes one, so that the benchmarks load and predict through the same
/// types Invoke-CellModel uses. Speed does not depend on what the weights learned.
/// </summary>
internal static class BenchModel
{
    /// <summary>Writes a Cardiomyocyte tile-classifier package to <paramref name="path"/> and returns the model it needs.</summary>
    public static TileClassifierModel WritePackage(string path, long seed = 0)
    {
        var model = new TileClassifierModel();
        WritePackage(path, new CardiomyocytePlugin(), model, seed);
        return model;
    }

    /// <summary>Writes a package of <paramref name="plugin"/>'s <paramref name="model"/> to <paramref name="path"/>.</summary>
    public static void WritePackage(string path, ICellPlugin plugin, ICellModel model, long seed = 0)
    {
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
            // Dense models' packages carry their output grids, as the trainer writes them.
            OutputGrids = (model as IDenseModel)?.OutputGrids(values).ToArray(),
            HyperParameters = values.ToDictionary(p => p.Key, p => p.Value),
            Seed = seed,
            SdkVersion = CellOps.Sdk.SdkVersion.Current.ToString(3),
            CreatedUtc = DateTimeOffset.UtcNow,
        };
        ModelPackageWriter.Write(path, manifest, new Dictionary<string, byte[]> { [Checkpoint.WeightsEntry] = Checkpoint.SaveWeights(network) });
    }
}
