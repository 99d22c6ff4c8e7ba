using System.Security.Cryptography;
using CellOps.Imaging.Tiling;
using CellOps.Plugins.Leukocyte;
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

namespace CellOps.Tests.Plugins.Leukocyte;

[Collection(TorchCollection.Name)]
public sealed class TransferLearningTests : IDisposable
{
    private static readonly ComputeContext Cpu = ComputeContext.Create(DevicePreference.Cpu, threads: 1);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static TrainingOutcome Train(TileSet tiles, TransferSource? parent = null, bool freeze = false, Dictionary<string, double>? hyperParameters = null,
        int epochs = 2) =>
        ModelTrainer.Train(new TrainingRequest
        {
            Plugin = new LeukocytePlugin(),
            Model = new WNetModel(),
            Tiles = tiles,
            Options = new TrainingOptions
            {
                Epochs = epochs, BatchSize = 10, ValidationFraction = 0, Seed = 5, LearningRate = 0.01,
                HyperParameters = hyperParameters ?? WNetModelTests.Tiny, FreezeBackbone = freeze,
            },
            Parent = parent,
            Compute = Cpu,
        });

    // A parent trained on three classes the model does not declare, so it gets a three-class head.
    private string TrainParent(Dictionary<string, double>? hyperParameters = null)
    {
        var cells = ColourBlobCrops.Create(perClass: 3, seed: 11);
        var kinds = new TileSet(cells.Tiles.Select(t => new Tile(t.Index, t.Source, t.Frame, t.Rect, t.Label % 3)).ToArray(), cells.Sources,
            64, 64, EdgePolicy.Drop, TileTarget.ImageClass, 3, classNames: new[] { "WBC", "RBC", "Platelets" }, wholeImages: true);
        using var outcome = Train(kinds, hyperParameters: hyperParameters);
        Assert.Equal(new[] { "WBC", "RBC", "Platelets" }, outcome.Manifest.ClassNames);
        string path = _folder.File($"parent-{Guid.NewGuid():N}.cellmodel");
        outcome.Save(path);
        return path;
    }

    private static TransferSource Open(string path) => TransferSource.Load(path, _ => new WNetModel(), Cpu);

    private static Dictionary<string, Tensor> Backbone(nn.Module<Tensor, Tensor> network) =>
        ((ITransferableNetwork)network).Backbone.state_dict().ToDictionary(p => p.Key, p => p.Value);

    // The share of the crops whose most probable class is their label.
    private static double Accuracy(nn.Module<Tensor, Tensor> network, TileSet tiles)
    {
        using var scope = torch.NewDisposeScope();
        using var tensorizer = new TileTensorizer(new WNetModel().Input, tiles.EdgePolicy);
        var probabilities = TilePredictor.PredictBatch(network, tensorizer.Inputs(tiles.Tiles, torch.CPU));
        var predicted = probabilities.argmax(1).data<long>().ToArray();
        return tiles.Tiles.Where((t, i) => predicted[i] == t.Label).Count() / (double)tiles.Tiles.Count;
    }

    [Fact]
    public void A_frozen_backbone_keeps_the_parents_weights_and_a_new_head_learns_the_new_classes()
    {
        string parentPath = TrainParent();
        using var parent = Open(parentPath);
        using var child = Train(ColourBlobCrops.Create(perClass: 4, seed: 12), parent, freeze: true, epochs: 60);

        var before = Backbone(parent.Network);
        foreach (var (name, value) in Backbone(child.Network))
        {
            Assert.True(value.eq(before[name]).all().item<bool>(), $"{name} changed");
        }
        var head = (ITransferableNetwork)child.Network;
        Assert.Equal(5, head.ClassCount);
        Assert.Equal(3, ((ITransferableNetwork)parent.Network).ClassCount);
        Assert.Equal(ColourBlobCrops.Classes, child.Manifest.ClassNames);

        // The new head learns the five types on the parent's features: on crops it never saw, it beats
        // the same frozen backbone under a fresh five-class head (what training started from) and chance (0.2).
        // The parent's two epochs leave weak features, so the head needs many short epochs (60 of two
        // steps, about a second). Observed on every run (seed 5, one thread): 0.800 trained, 0.100 untrained.
        var unseen = ColourBlobCrops.Create(perClass: 10, seed: 99);
        using var untrained = (WNetNetwork)new WNetModel().CreateNetwork(HyperParameterValues.Resolve(new WNetModel().HyperParameters, WNetModelTests.Tiny));
        untrained.Backbone.load_state_dict(((ITransferableNetwork)parent.Network).Backbone.state_dict());
        double learned = Accuracy(child.Network, unseen), start = Accuracy(untrained, unseen);
        Assert.True(learned >= 0.6 && learned >= start + 0.3, $"accuracy {learned:0.000} after training the head, {start:0.000} before");

        var recorded = child.Manifest.Parent!;
        Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(parentPath))).ToLowerInvariant(), recorded.Sha256);
        Assert.Equal(("Leukocyte.WNet", true), (recorded.Model, recorded.BackboneFrozen));
        Assert.Equal(new[] { "WBC", "RBC", "Platelets" }, recorded.ClassNames);

        // The record survives the package: written, verified and read back.
        string childPath = _folder.File("child.cellmodel");
        child.Save(childPath);
        using var package = ModelPackage.Open(childPath, CellOps.Sdk.SdkVersion.Current);
        Assert.Equal(recorded, package.Manifest.Parent! with { ClassNames = recorded.ClassNames });
        Assert.Equal(recorded.ClassNames, package.Manifest.Parent!.ClassNames);
    }

    [Fact]
    public void Without_freezing_the_backbone_starts_from_the_parent_and_trains_on()
    {
        using var parent = Open(TrainParent());
        using var child = Train(ColourBlobCrops.Create(perClass: 4, seed: 12), parent);

        var before = Backbone(parent.Network);
        Assert.Contains(Backbone(child.Network), p => !p.Value.eq(before[p.Key]).all().item<bool>());
        Assert.False(child.Manifest.Parent!.BackboneFrozen);
        Assert.Null(Train(ColourBlobCrops.Create(perClass: 2, seed: 1)).Manifest.Parent);
    }

    [Fact]
    public void A_parent_with_another_backbone_or_freezing_without_a_parent_is_refused()
    {
        using var wide = Open(TrainParent(new Dictionary<string, double>(WNetModelTests.Tiny) { [WNetModel.BaseWidth] = 12 }));
        var tiles = ColourBlobCrops.Create(perClass: 2, seed: 1);
        Assert.Contains("backbones differ", Assert.Throws<ArgumentException>(() => Train(tiles, wide)).Message);
        Assert.Contains("-From", Assert.Throws<ArgumentException>(() => Train(tiles, freeze: true)).Message);
    }
}
