using CellOps.Runtime.Data;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Tiling;
using CellOps.Sdk.Training;
using TorchSharp;
using Xunit;

namespace CellOps.Tests.Runtime;

/// <summary>Batches prepared one ahead on another thread: the same batches, in order, nothing leaked when the caller stops, errors where they belong.</summary>
[Collection(TorchCollection.Name)]
public sealed class BatchPrefetchTests
{
    [Fact]
    public void Yields_every_batch_in_order()
    {
        TorchBackend.EnsureLoaded();
        var seen = new List<float>();
        foreach (var batch in BatchPrefetch.Ahead(Batches(5, made: new List<TrainingBatch>())))
        {
            using (batch) seen.Add(batch.Inputs.item<float>());
        }
        Assert.Equal(new float[] { 0, 1, 2, 3, 4 }, seen);
    }

    [Fact]
    public void A_caller_that_stops_early_leaves_no_batch_undisposed()
    {
        TorchBackend.EnsureLoaded();
        var made = new List<TrainingBatch>();
        foreach (var batch in BatchPrefetch.Ahead(Batches(5, made)))
        {
            batch.Dispose();
            break;
        }
        // The first batch went to the caller; the second was being prepared and must have been disposed.
        Assert.True(made.Count >= 2);
        Assert.All(made, b => Assert.True(b.Inputs.IsInvalid));
    }

    [Fact]
    public void An_error_reading_a_batch_reaches_the_caller_at_that_batch()
    {
        TorchBackend.EnsureLoaded();
        int received = 0;
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var batch in BatchPrefetch.Ahead(Batches(5, new List<TrainingBatch>(), failAt: 2)))
            {
                using (batch) received++;
            }
        });
        Assert.Equal("batch 2", error.Message);
        Assert.Equal(2, received);
    }

    private static IEnumerable<TrainingBatch> Batches(int count, List<TrainingBatch> made, int failAt = -1)
    {
        for (int i = 0; i < count; i++)
        {
            if (i == failAt) throw new InvalidDataException($"batch {i}");
            var batch = new TrainingBatch(torch.tensor((float)i), null, Array.Empty<Tile>());
            lock (made) made.Add(batch);
            yield return batch;
        }
    }
}
