using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Tests.Runtime.Packaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Inference;

[Collection(TorchCollection.Name)]
public sealed class LoadedModelTileSizeTests
{
    private static readonly ComputeContext Cpu = ComputeContext.Create(DevicePreference.Cpu, threads: 1);

    [Fact]
    public void A_package_claiming_another_tile_size_than_its_fixed_size_model_is_refused_before_the_network_is_built()
    {
        using var folder = new TempFolder();
        string path = folder.File("tiny.cellmodel");
        using (var outcome = ModelTrainer.Train(new TrainingRequest
        {
            Plugin = new TinyPlugin(),
            Model = TinyPlugin.Model,
            Tiles = BlobTiles.Create(micrographs: 2),
            Options = new TrainingOptions { Epochs = 1, BatchSize = 16, Seed = 1 },
            Compute = Cpu,
        }))
        {
            outcome.Save(path);
        }
        // Within the manifest's bounds, but not what the model takes: the probe batch alone would be 32 MB.
        PackageSamples.EditManifest(path, json => json["tileSize"] = 2000);
        using var package = ModelPackage.Open(path, CellOps.Sdk.SdkVersion.Current);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ArgumentException>(() => LoadedModel.Load(package, TinyPlugin.Model, Cpu).Dispose());
        Assert.Contains("2000×2000", e.Message);
        Assert.Contains($"takes {TinyModel.TileSize}×{TinyModel.TileSize} only", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "nothing was built or read");
    }
}
