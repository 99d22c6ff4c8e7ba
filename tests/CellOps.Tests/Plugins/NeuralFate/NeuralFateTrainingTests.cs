using CellOps.Plugins.NeuralFate;
using CellOps.Runtime.Data;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Plugins.NeuralFate;

/// <summary>ResNet-18 through the host's trainer on tiny grayscale images: tile size, classes, packages, resume and transfer.</summary>
[Collection(TorchCollection.Name)]
public sealed class NeuralFateTrainingTests : IDisposable
{
    private static readonly ComputeContext Cpu = ComputeContext.Create(DevicePreference.Cpu, threads: 2);
    private static readonly ResNetModel ResNet18 = new(ResNetArchitecture.ResNet18);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static TrainingOutcome Train(TileSet tiles, TrainingOptions? options = null, TransferSource? parent = null) =>
        ModelTrainer.Train(new TrainingRequest
        {
            Plugin = new NeuralFatePlugin(),
            Model = ResNet18,
            Tiles = tiles,
            Options = options ?? new TrainingOptions { Epochs = 2, BatchSize = 4, ValidationFraction = 0, Seed = 5 },
            Parent = parent,
            Compute = Cpu,
        });

    [Fact]
    public void ResNet18_trains_on_32_pixel_grayscale_images_and_the_package_predicts_at_that_size()
    {
        var tiles = FateImages.Create(perClass: 4, seed: 1);
        Assert.Equal(1, tiles.Tiles[0].Source.ChannelCount);
        using var outcome = Train(tiles);

        Assert.Equal(2, outcome.CompletedEpochs);
        Assert.All(outcome.Epochs, e => Assert.True(double.IsFinite(e.Loss)));
        var manifest = outcome.Manifest;
        Assert.Equal((32, 3, NormalizationKind.Fixed), (manifest.TileSize, manifest.Channels, manifest.Normalization));
        Assert.Equal(ResNetModel.ImageNet.Mean, manifest.NormalizationMean);
        Assert.Equal(FateImages.Binary, manifest.ClassNames);

        string path = _folder.File("fate.cellmodel");
        outcome.Save(path);
        using var package = ModelPackage.Open(path, CellOps.Sdk.SdkVersion.Current);
        using var loaded = LoadedModel.Load(package, ResNet18, Cpu);
        Assert.Equal(32, loaded.Input.TileSize);
        var unseen = FateImages.Create(perClass: 2, seed: 2);
        var predicted = loaded.Predict(unseen.Tiles, unseen.EdgePolicy, batchSize: 4);
        Assert.Equal((4, 2, 4), (predicted.Count, predicted.ClassCount, predicted.Completed));
        for (int i = 0; i < 4; i++) Assert.Equal(1.0, predicted.Probabilities[2 * i] + predicted.Probabilities[2 * i + 1], 4);
    }

    [Fact]
    public void A_model_of_any_tile_size_still_refuses_tiles_of_mixed_sizes_in_its_tensorizer_and_other_models_keep_their_size()
    {
        // The trainer takes the tile set's size for a ResNet; a model of one size still refuses others.
        var tiles = FateImages.Create(perClass: 2, seed: 3, tileSize: 40);
        using var tensorizer = new TileTensorizer(ResNet18.Input with { TileSize = 32, AnyTileSize = false }, tiles.EdgePolicy);
        Assert.Contains("-Size 32", Assert.Throws<ArgumentException>(() => tensorizer.Inputs(tiles.Tiles, torch.CPU)).Message);
        var error = Assert.Throws<ArgumentException>(() => ModelTrainer.Train(new TrainingRequest
        {
            Plugin = new TinyPlugin(), Model = TinyPlugin.Model, Tiles = BlobTiles.Create(micrographs: 2, size: 16),
            Options = new TrainingOptions { Epochs = 1 }, Compute = Cpu,
        }));
        Assert.Contains("New-TileSet -Size 32", error.Message);
    }

    [Fact]
    public void Multiclass_tiles_get_a_head_of_their_own_and_a_resumed_run_ends_where_an_uninterrupted_one_does()
    {
        string[] fates = { "Astrocyte", "Neuron", "Oligodendrocyte" };
        var tiles = FateImages.Create(perClass: 2, seed: 4, tileSize: 32, classes: fates);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 6, ValidationFraction = 0, Seed = 9 };
        using var whole = Train(tiles, options);
        Assert.Equal(fates, whole.Manifest.ClassNames);
        Assert.Equal(3, ((ITransferableNetwork)whole.Network).ClassCount);

        string checkpoint = _folder.File("run.cellmodel");
        using (var first = Train(tiles, options with { Epochs = 1, CheckpointPath = checkpoint })) Assert.Equal(1, first.CompletedEpochs);
        using var resumed = Train(tiles, options with { CheckpointPath = checkpoint, Resume = true });
        Assert.Equal(2, resumed.Epochs.Count);
        Assert.Equal(32, resumed.Manifest.TileSize);
        Assert.Equal(Checkpoint.SaveWeights(whole.Network), Checkpoint.SaveWeights(resumed.Network));
    }

    [Fact]
    public void A_backbone_trained_on_one_tile_size_starts_a_run_on_another()
    {
        string parentPath = _folder.File("parent.cellmodel");
        using (var parent = Train(FateImages.Create(perClass: 2, seed: 5, classes: new[] { "Astrocyte", "Neuron", "Oligodendrocyte" })))
        {
            parent.Save(parentPath);
        }
        using var source = TransferSource.Load(parentPath, _ => ResNet18, Cpu);
        Assert.Equal(32, source.Manifest.TileSize);
        using var child = Train(FateImages.Create(perClass: 2, seed: 6, tileSize: 48),
            new TrainingOptions { Epochs = 1, BatchSize = 4, ValidationFraction = 0, Seed = 5, FreezeBackbone = true }, source);

        Assert.Equal(48, child.Manifest.TileSize);
        Assert.Equal(FateImages.Binary, child.Manifest.ClassNames);
        Assert.True(child.Manifest.Parent!.BackboneFrozen);
        var parentBackbone = ((ITransferableNetwork)source.Network).Backbone.state_dict();
        foreach (var (key, value) in ((ITransferableNetwork)child.Network).Backbone.state_dict())
        {
            Assert.True(value.equal(parentBackbone[key]).all().item<bool>(), $"{key} changed");
        }
    }
}
