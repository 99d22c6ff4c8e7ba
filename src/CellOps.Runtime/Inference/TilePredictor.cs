using System.Runtime.InteropServices;
using CellOps.Runtime.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Inference;

/// <summary>
/// Runs a classification network over tiles in batches, in evaluation mode and without gradients,
/// and collects softmax probabilities. The one inference path: the trainer validates with it and
/// Invoke-CellModel predicts with it.
/// </summary>
public static class TilePredictor
{
    /// <summary>Predicts every tile of <paramref name="source"/> (in order).</summary>
    /// <param name="network">The network; left in evaluation mode.</param>
    /// <param name="source">The tiles as batches.</param>
    /// <param name="loss">Computes a batch's loss from outputs and label tensors, or null.</param>
    /// <param name="cancellation">Stops after the current batch.</param>
    /// <param name="progress">Called after each batch with (tiles done, tiles in all).</param>
    public static PredictionOutput Predict(
        nn.Module<Tensor, Tensor> network,
        BatchSource source,
        Func<Tensor, Tensor, Tensor>? loss = null,
        CancellationToken cancellation = default,
        Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(source);
        network.eval();
        float[]? probabilities = null;
        int classCount = 0, done = 0;
        var labels = new int[source.TileCount];
        double lossSum = 0;
        int lossTiles = 0;

        using (torch.no_grad())
        {
            foreach (var batch in BatchPrefetch.Ahead(source.InOrder()))
            {
                using (batch)
                {
                    using var output = Logits(network, batch.Inputs);
                    if (probabilities is null)
                    {
                        classCount = (int)output.shape[1];
                        probabilities = new float[source.TileCount * classCount];
                    }
                    using var soft = torch.nn.functional.softmax(output, 1);
                    MemoryMarshal.Cast<byte, float>(soft.bytes).CopyTo(probabilities.AsSpan(done * classCount));
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
            lossTiles > 0 ? lossSum / lossTiles : null, done);
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
            using var output = Logits(network, inputs);
            return torch.nn.functional.softmax(output, 1);
        }
    }

    private static Tensor Logits(nn.Module<Tensor, Tensor> network, Tensor inputs)
    {
        var output = network.call(inputs);
        if (output.dim() != 2)
        {
            var shape = string.Join(",", output.shape);
            output.Dispose();
            throw new InvalidOperationException($"The network returned a tensor of shape [{shape}]; tile classification needs N×K logits.");
        }
        return output;
    }
}
