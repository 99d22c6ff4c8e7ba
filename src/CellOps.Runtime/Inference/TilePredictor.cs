using System.Runtime.InteropServices;
using CellOps.Runtime.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Inference;

/// <summary>
/// Runs a network over tiles in batches, in evaluation mode and without gradients, and collects
/// softmax probabilities: one distribution per tile from a classifier (N×K logits), and from a dense
/// model (N×K×S logits, see <see cref="CellOps.Sdk.Models.IDenseModel"/>) one per cell of its finest
/// grid as well. The one inference path: the trainer validates with it and Invoke-CellModel predicts with it.
/// </summary>
public static class TilePredictor
{
    /// <summary>Predicts every tile of <paramref name="source"/> (in order).</summary>
    /// <param name="network">The network; left in evaluation mode.</param>
    /// <param name="source">The tiles as batches.</param>
    /// <param name="loss">Computes a batch's loss from outputs and label tensors, or null.</param>
    /// <param name="cancellation">Stops after the current batch.</param>
    /// <param name="progress">Called after each batch with (tiles done, tiles in all).</param>
    /// <param name="grids">
    /// A dense model's output grids (<see cref="CellOps.Sdk.Models.IDenseModel.OutputGrids"/>): the cells of the
    /// finest are kept for maps. Null: a dense output is only averaged into one distribution per tile.
    /// </param>
    /// <param name="cellSink">Where the finest grid's cells go batch by batch instead of being kept in the output (whole slides).</param>
    public static PredictionOutput Predict(
        nn.Module<Tensor, Tensor> network,
        BatchSource source,
        Func<Tensor, Tensor, Tensor>? loss = null,
        CancellationToken cancellation = default,
        Action<int, int>? progress = null,
        IReadOnlyList<int>? grids = null,
        CellSink? cellSink = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(source);
        network.eval();
        float[]? probabilities = null, cells = null;
        int classCount = 0, done = 0, cellGrid = 0;
        var finest = grids is null ? null : FinestGrid(grids);
        var labels = new int[source.TileCount];
        double lossSum = 0;
        int lossTiles = 0;

        using (torch.no_grad())
        {
            foreach (var batch in BatchPrefetch.Ahead(source.InOrder()))
            {
                using (batch)
                {
                    using var output = Logits(network, batch.Inputs, grids);
                    if (probabilities is null)
                    {
                        classCount = (int)output.shape[1];
                        probabilities = new float[source.TileCount * classCount];
                        if (finest is { } f && output.dim() == 3)
                        {
                            cellGrid = f.Grid;
                            if (cellSink is null) cells = new float[(long)source.TileCount * f.Grid * f.Grid * classCount];
                        }
                    }
                    using (var scope = torch.NewDisposeScope())
                    {
                        var soft = torch.nn.functional.softmax(output, 1);
                        var perTile = soft.dim() == 3 ? soft.mean(new long[] { 2 }) : soft;
                        MemoryMarshal.Cast<byte, float>(perTile.contiguous().bytes).CopyTo(probabilities.AsSpan(done * classCount));
                        if (cellGrid > 0)
                        {
                            // N×K×(r·r) → N×(r·r)×K: cell by cell, K per cell, the layout maps are assembled from.
                            int area = cellGrid * cellGrid;
                            var grid = soft.narrow(2, finest!.Value.Offset, area).permute(0, 2, 1).contiguous();
                            var values = MemoryMarshal.Cast<byte, float>(grid.bytes);
                            if (cells is not null) values.CopyTo(cells.AsSpan(done * area * classCount));
                            else cellSink!(done, values, cellGrid);
                        }
                    }
                    for (int i = 0; i < batch.Count; i++) labels[done + i] = batch.Tiles[i].Label;
                    if (loss is not null && batch.Targets is not null)
                    {
                        using var batchLoss = loss(output, batch.Targets);
                        lossSum += batchLoss.item<float>() * batch.Count;
                        lossTiles += batch.Count;
                    }
                    done += batch.Count;
                }
                progress?.Invoke(done, source.TileCount);
                if (cancellation.IsCancellationRequested) break;
            }
        }
        return new PredictionOutput(probabilities ?? Array.Empty<float>(), classCount, labels,
            lossTiles > 0 ? lossSum / lossTiles : null, done)
        {
            Cells = cells,
            Grid = cellGrid,
        };
    }

    /// <summary>
    /// The class probabilities (N×K softmax) of one ready batch, computed exactly as <see cref="Predict"/>
    /// computes each of its batches; the benchmarks time the network alone through this.
    /// </summary>
    public static Tensor PredictBatch(nn.Module<Tensor, Tensor> network, Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        network.eval();
        using (torch.no_grad())
        {
            using var output = Logits(network, inputs, null);
            return torch.nn.functional.softmax(output, 1);
        }
    }

    private static Tensor Logits(nn.Module<Tensor, Tensor> network, Tensor inputs, IReadOnlyList<int>? grids)
    {
        var output = network.call(inputs);
        string? problem = output.dim() switch
        {
            2 => null,
            3 when grids is null || output.shape[2] == grids.Sum(r => (long)r * r) => null,
            3 => $"dense output of {string.Join(", ", grids!.Select(r => $"{r}×{r}"))} cells needs N×K×{grids!.Sum(r => r * r)} logits",
            _ => "tile classification needs N×K logits, dense models N×K×S",
        };
        if (problem is not null)
        {
            var shape = string.Join(",", output.shape);
            output.Dispose();
            throw new InvalidOperationException($"The network returned a tensor of shape [{shape}]; {problem}.");
        }
        return output;
    }

    // The largest grid and where its cells start along the output's last axis.
    private static (int Grid, int Offset)? FinestGrid(IReadOnlyList<int> grids)
    {
        if (grids.Count == 0) return null;
        int best = 0, offset = 0, bestOffset = 0;
        for (int g = 0; g < grids.Count; g++)
        {
            if (grids[g] > grids[best]) { best = g; bestOffset = offset; }
            offset += grids[g] * grids[g];
        }
        return (grids[best], bestOffset);
    }
}
