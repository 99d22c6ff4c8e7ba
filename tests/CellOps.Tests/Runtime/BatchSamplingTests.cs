using CellOps.Imaging.Formats;
using CellOps.Runtime.Data;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using Xunit;

namespace CellOps.Tests.Runtime;

[Collection(TorchCollection.Name)]
public sealed class BatchSamplingTests
{
    public BatchSamplingTests() => TorchBackend.EnsureLoaded();

    // 120 one-pixel tiles: 96 of class 0, 18 of class 1, 6 of class 2 (the imbalance of white-cell crops).
    private static Tile[] Imbalanced()
    {
        var micrograph = new ArrayPixelSource(new byte[120], 120, 1).ToMicrograph("row.png");
        return Enumerable.Range(0, 120)
            .Select(i => new Tile(i, micrograph, 0, new PixelRect(i, 0, 1, 1), i < 96 ? 0 : i < 114 ? 1 : 2))
            .ToArray();
    }

    private static List<int[]> EpochLabels(BatchSampling sampling, int epoch = 1)
    {
        using var tensorizer = new TileTensorizer(new InputSpec(1, 1, Normalization.None), EdgePolicy.Drop);
        var source = new BatchSource(Imbalanced(), tensorizer, batchSize: 24, torch.CPU, withLabels: true, sampling);
        var batches = new List<int[]>();
        foreach (var batch in source.ForEpoch(seed: 4, epoch, augment: false))
        {
            using (batch) batches.Add(batch.Tiles.Select(t => t.Label).ToArray());
        }
        return batches;
    }

    private static int[] Counts(IEnumerable<int> labels) => Enumerable.Range(0, 3).Select(k => labels.Count(l => l == k)).ToArray();

    [Fact]
    public void Balanced_sampling_draws_each_class_equally_often_and_every_batch_holds_every_class()
    {
        var batches = EpochLabels(BatchSampling.Balanced);

        Assert.Equal(5, batches.Count);
        Assert.Equal(new[] { 40, 40, 40 }, Counts(batches.SelectMany(b => b)));
        // Each batch of 24 expects 8 per class; random interleaving leaves every class well represented.
        Assert.All(batches, b => Assert.All(Counts(b), c => Assert.InRange(c, 3, 14)));

        var shuffled = EpochLabels(BatchSampling.Shuffled);
        Assert.Equal(new[] { 96, 18, 6 }, Counts(shuffled.SelectMany(b => b)));
    }

    [Fact]
    public void Balanced_sampling_deals_every_rare_tile_evenly_and_repeats_for_the_same_seed_and_epoch()
    {
        using var tensorizer = new TileTensorizer(new InputSpec(1, 1, Normalization.None), EdgePolicy.Drop);
        var source = new BatchSource(Imbalanced(), tensorizer, 24, torch.CPU, withLabels: true, BatchSampling.Balanced);
        List<int> Indices(int epoch)
        {
            var indices = new List<int>();
            foreach (var batch in source.ForEpoch(4, epoch, augment: false))
            {
                using (batch) indices.AddRange(batch.Tiles.Select(t => t.Index));
            }
            return indices;
        }

        var first = Indices(1);
        // 40 draws of class 2's six tiles: each is drawn 6 or 7 times (a deck dealt whole before reshuffling).
        Assert.All(Enumerable.Range(114, 6), i => Assert.InRange(first.Count(x => x == i), 6, 7));
        Assert.Equal(first, Indices(1));
        Assert.NotEqual(first, Indices(2));
    }

    [Fact]
    public void Balanced_sampling_of_unlabelled_tiles_is_refused()
    {
        var micrograph = new ArrayPixelSource(new byte[4], 4, 1).ToMicrograph("row.png");
        var tiles = new[] { new Tile(0, micrograph, 0, new PixelRect(0, 0, 1, 1)) };
        using var tensorizer = new TileTensorizer(new InputSpec(1, 1, Normalization.None), EdgePolicy.Drop);
        Assert.Throws<ArgumentException>(() => new BatchSource(tiles, tensorizer, 1, torch.CPU, withLabels: false, BatchSampling.Balanced));
    }
}
