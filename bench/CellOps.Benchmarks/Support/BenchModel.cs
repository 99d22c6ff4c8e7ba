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
        // The trainer's manifest, for an untrained run: no history, no training data.
        var manifest = new ManifestFactory(plugin, model, model.ClassNames, values, seed, Fingerprint: "", TileCount: 0, Parent: null,
            WholeImages: false, OutputGrids: (model as IDenseModel)?.OutputGrids(values)).Create([]);
        ModelPackageWriter.Write(path, manifest, new Dictionary<string, byte[]> { [Checkpoint.WeightsEntry] = Checkpoint.SaveWeights(network) });
    }
}
