using CellOps.Runtime.Attention;
using CellOps.Runtime.Data;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime.Attention;

[Collection(TorchCollection.Name)]
public sealed class GradCamTests
{
    private static readonly ComputeContext Cpu = ComputeContext.Create(DevicePreference.Cpu, threads: 1);

    private static TrainingOutcome TrainOnDiscs() =>
        ModelTrainer.Train(new TrainingRequest
        {
            Plugin = new DiscPlugin(),
            Model = DiscPlugin.Model,
            Tiles = DiscTiles.Create(160, seed: 7).Tiles,
            Options = new TrainingOptions { Epochs = 10, BatchSize = 16, ValidationFraction = 0, Seed = 3 },
            Compute = Cpu,
        });

    private static Tensor Inputs(TileSet tiles)
    {
        using var tensorizer = new TileTensorizer(DiscPlugin.Model.Input, EdgePolicy.Drop);
        return tensorizer.Inputs(tiles.Tiles, Cpu.Device);
    }

    // Every parameter's gradient as numbers (null where it has none): training leaves gradients behind,
    // and computing maps must neither add to them nor create new ones.
    private static List<float[]?> Gradients(nn.Module network) =>
        network.parameters().Select(p => p.grad is { } g ? g.cpu().contiguous().data<float>().ToArray() : null).ToList();

    [Fact]
    public void The_map_of_the_blob_class_peaks_on_the_planted_disc_not_on_the_shared_distractor()
    {
        using var outcome = TrainOnDiscs();
        var (test, centres) = DiscTiles.Create(40, seed: 99);
        var blobs = Enumerable.Range(0, test.Count).Where(i => test.Tiles[i].Label == 1).ToArray();
        using var scope = torch.NewDisposeScope();
        var gradCam = new GradCam(outcome.Network);
        var batch = gradCam.Compute(Inputs(test), Enumerable.Repeat(1, test.Count).ToArray());

        Assert.Equal("blocks.1", gradCam.Layer!.Name);
        int size = TinyModel.TileSize, onDisc = 0;
        double inside = 0, outside = 0;
        foreach (int i in blobs)
        {
            var map = batch.Map(i);
            var (cx, cy) = centres[i];
            int peak = 0;
            for (int p = 1; p < map.Length; p++) if (map[p] > map[peak]) peak = p;
            double distance = Math.Sqrt(Math.Pow(peak % size - cx, 2) + Math.Pow(peak / size - cy, 2));
            if (distance <= DiscTiles.Radius + 3) onDisc++;
            double sumIn = 0, sumOut = 0;
            int nIn = 0, nOut = 0;
            for (int p = 0; p < map.Length; p++)
            {
                bool disc = Math.Pow(p % size - cx, 2) + Math.Pow(p / size - cy, 2) <= DiscTiles.Radius * DiscTiles.Radius;
                if (disc) { sumIn += map[p]; nIn++; } else { sumOut += map[p]; nOut++; }
            }
            inside += sumIn / nIn;
            outside += sumOut / nOut;
            Assert.Equal(1f, map.ToArray().Max());
        }
        Assert.True(onDisc >= 0.8 * blobs.Length, $"the map peaked within {DiscTiles.Radius + 3} px of the disc on {onDisc} of {blobs.Length} blob tiles");
        Assert.True(inside > 2 * outside, $"mean map inside the discs {inside / blobs.Length:F3}, outside {outside / blobs.Length:F3}");
        // The model has learnt the task, so the maps explain a real decision.
        Assert.True(blobs.Count(i => batch.Predicted[i] == 1) >= 0.9 * blobs.Length, "blob tiles predicted as blob");
    }

    [Fact]
    public void Computing_maps_changes_no_weight_leaves_no_gradient_and_keeps_each_modules_mode()
    {
        using var outcome = TrainOnDiscs();
        var network = outcome.Network;
        network.train();
        var head = network.named_modules().Single(m => m.name == "head").module;
        head.eval();
        var before = Checkpoint.SaveWeights(network);
        var gradients = Gradients(network);
        var (test, _) = DiscTiles.Create(8, seed: 5);
        var gradCam = new GradCam(network);

        for (int round = 0; round < 3; round++)
        {
            using var scope = torch.NewDisposeScope();
            var batch = gradCam.Compute(Inputs(test));
            Assert.Equal(8, batch.Count);
            Assert.Equal(batch.Predicted, batch.Targets);
        }

        Assert.Equal(before, Checkpoint.SaveWeights(network));
        Assert.Equal(gradients, Gradients(network));
        Assert.All(network.parameters(), p => Assert.True(p.requires_grad));
        Assert.True(network.training);
        Assert.False(head.training);
    }

    [Fact]
    public void Frozen_weights_are_explained_the_same_and_stay_frozen()
    {
        using var outcome = TrainOnDiscs();
        var network = outcome.Network;
        var (test, _) = DiscTiles.Create(6, seed: 11);
        using var scope = torch.NewDisposeScope();
        var thawed = new GradCam(network).Compute(Inputs(test));
        foreach (var p in network.parameters()) p.requires_grad = false;
        var gradients = Gradients(network);

        var frozen = new GradCam(network).Compute(Inputs(test));

        Assert.All(network.parameters(), p => Assert.False(p.requires_grad));
        Assert.Equal(gradients, Gradients(network));
        for (int i = 0; i < thawed.Maps.Length; i++) Assert.Equal(thawed.Maps[i], frozen.Maps[i], 5);
    }

    [Fact]
    public void A_long_loop_of_batches_leaves_no_tensor_alive()
    {
        using var outcome = TrainOnDiscs();
        var (test, _) = DiscTiles.Create(8, seed: 13);
        var gradCam = new GradCam(outcome.Network);
        using var inputs = Inputs(test);
        gradCam.Compute(inputs);
        long live = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (int round = 0; round < 20; round++) gradCam.Compute(inputs);

        Assert.Equal(live, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void A_transferable_network_whose_backbone_gives_a_feature_map_is_explained_at_the_backbone()
    {
        using var network = new MapBackboneNetwork();
        using var scope = torch.NewDisposeScope();
        var gradCam = new GradCam(network);
        var batch = gradCam.Compute(torch.randn(3, 1, 16, 16));

        // Its head holds a 4-D convolution after the backbone; the backbone is still the layer.
        Assert.Equal("backbone", gradCam.Layer!.Name);
        Assert.Equal(new long[] { 1, 8, 4, 4 }, gradCam.Layer.Shape);
        Assert.Equal(3 * 16 * 16, batch.Maps.Length);
    }

    [Fact]
    public void A_network_whose_maps_shrink_to_one_cell_has_nothing_to_explain()
    {
        using var network = new PooledOnlyNetwork();
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<InvalidOperationException>(() => new GradCam(network).Compute(torch.randn(2, 1, 4, 4)));
        Assert.Contains("feature map", error.Message);
    }

    [Fact]
    public void A_class_the_network_lacks_is_refused()
    {
        using var network = new MapBackboneNetwork();
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => new GradCam(network).Compute(torch.randn(2, 1, 16, 16), new[] { 0, 5 }));
        Assert.Contains("Class 5", error.Message);
    }

    // A stand-in for a ResNet-like transfer network: a backbone ending in an N×8×4×4 map, a head that
    // convolves it once more (1×1, so a hook search alone would pick the head) and pools.
    private sealed class MapBackboneNetwork : nn.Module<Tensor, Tensor>, ITransferableNetwork
    {
        private readonly Sequential backbone;
        private readonly Sequential head;

        public MapBackboneNetwork() : base(nameof(MapBackboneNetwork))
        {
            backbone = nn.Sequential(nn.Conv2d(1, 8, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(4));
            head = nn.Sequential(nn.Conv2d(8, 4, 1), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 3));
            RegisterComponents();
        }

        public nn.Module Backbone => backbone;
        public nn.Module Head => head;
        public int ClassCount => 3;
        public void ReplaceHead(int classCount) => throw new NotSupportedException();
        public override Tensor forward(Tensor input) => head.call(backbone.call(input));
    }

    private sealed class PooledOnlyNetwork : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential layers;

        public PooledOnlyNetwork() : base(nameof(PooledOnlyNetwork))
        {
            layers = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(1, 2));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => layers.call(input);
    }
}
