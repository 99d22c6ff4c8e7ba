using CellOps.Imaging.Maps;
using System.Diagnostics;
using System.Runtime.InteropServices;
using CellOps.Imaging.Tiling;
using CellOps.Runtime.Data;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Translation;

/// <summary>
/// Predicts a whole micrograph with an image-translation model: overlapping tiles centred every
/// stride pixels (reflected at the edges), blended with <see cref="BlendWindow"/> weights into one image per
/// output channel, mapped back into the target's units and written to a <see cref="PredictionSpool"/>
/// band by band. Memory holds one band of tile rows (a tile high, the image wide) and one batch, whatever
/// the image's size.
/// </summary>
public static class TranslationPredictor
{
    /// <summary>Predicts <paramref name="micrograph"/>.</summary>
    /// <param name="model">A loaded image-translation model.</param>
    /// <param name="micrograph">The micrograph, with the channels the model was trained on.</param>
    /// <param name="stride">Distance between neighbouring tiles (1 to the tile size); half the tile size blends each pixel from about four tiles.</param>
    /// <param name="batchSize">Tiles per batch.</param>
    /// <param name="cancellation">Stops between batches (throws <see cref="OperationCanceledException"/>).</param>
    /// <param name="progress">Called after each batch with (tiles done, tiles in all).</param>
    /// <param name="spoolFolder">Where the prediction's temporary file goes; null: the system's temporary folder.</param>
    /// <exception cref="ArgumentException">The model does not translate images, or the micrograph's channels do not fit it.</exception>
    /// <exception cref="MicrographReadException">The micrograph cannot be read.</exception>
    /// <exception cref="LibTorchException">libtorch raised an error.</exception>
    public static PredictedImage Predict(LoadedModel model, Micrograph micrograph, int stride, int batchSize,
        CancellationToken cancellation = default, Action<int, int>? progress = null, string? spoolFolder = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(micrograph);
        var scaling = model.Manifest.TargetScaling
            ?? throw new ArgumentException($"{model.Manifest.PluginId}.{model.Manifest.ModelName} does not translate images.", nameof(model));
        int size = model.Manifest.TileSize;
        if (stride < 1 || stride > size) throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The stride must lie between 1 and the tile size ({size}).");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
        if (micrograph.ChannelCount != model.Manifest.Channels)
        {
            throw new ArgumentException(
                $"'{micrograph.Path ?? micrograph.Name}' has {micrograph.ChannelCount} channel(s); {model.Manifest.PluginId}.{model.Manifest.ModelName} was trained on {model.Manifest.Channels}. " +
                "Import it with the same channels (e.g. the same z-planes with -AsChannels).", nameof(micrograph));
        }
        try
        {
            return Run(model, micrograph, scaling, size, stride, batchSize, cancellation, progress, spoolFolder);
        }
        catch (ExternalException ex)
        {
            throw LibTorchException.From(ex, $"predicting {micrograph.Name} with {model.Manifest.PluginId}.{model.Manifest.ModelName}");
        }
    }

    private static PredictedImage Run(LoadedModel model, Micrograph micrograph, TargetScaling scaling, int size, int stride, int batchSize,
        CancellationToken cancellation, Action<int, int>? progress, string? spoolFolder)
    {
        var clock = Stopwatch.StartNew();
        int width = micrograph.Width, height = micrograph.Height, channels = scaling.ChannelCount;
        var xs = TileGrid.CenteredOrigins(width, size, stride);
        var ys = TileGrid.CenteredOrigins(height, size, stride);
        int total = xs.Count * ys.Count, done = 0;
        var window = BlendWindow.Axis(size);

        // Rows [bandTop, bandTop + size) of the image: the weighted sums and the sum of weights.
        var sums = new float[channels][];
        for (int c = 0; c < channels; c++) sums[c] = new float[checked(size * width)];
        var weights = new float[checked(size * width)];
        var spool = PredictionSpool.Create(width, height, channels, spoolFolder);
        try
        {
            using var tensorizer = new TileTensorizer(model.Input, EdgePolicy.Reflect);
            var network = model.Network;
            network.eval();
            var output = new float[batchSize * channels * size * size];
            int finished = 0;
            // Rows above the next tile row's top get nothing more: finish and write them, and move the band down.
            void FinishRow(int row)
            {
                int bandTop = ys[row];
                int nextTop = row + 1 < ys.Count ? ys[row + 1] : bandTop + size;
                int from = Math.Max(0, bandTop), to = Math.Min(height, nextTop);
                if (to > from) Finish(spool, scaling, sums, weights, width, from - bandTop, from, to - from);
                Shift(sums, weights, width, size, nextTop - bandTop);
            }

            // The next batch is read and tensorized on another thread while the network runs this one.
            foreach (var batch in BatchPrefetch.Ahead(Batches(micrograph, xs, ys, size, batchSize, tensorizer, model.Compute.Device)))
            {
                using (batch)
                {
                    cancellation.ThrowIfCancellationRequested();
                    while (finished < batch.Row) FinishRow(finished++);
                    RunBatch(network, batch.Inputs, batch.Tiles.Length, channels, size, output);
                    for (int i = 0; i < batch.Tiles.Length; i++)
                        Accumulate(output.AsSpan(i * channels * size * size, channels * size * size), batch.Tiles[i].Rect.X, window, sums, weights, width, size);
                    done += batch.Tiles.Length;
                }
                progress?.Invoke(done, total);
            }
            while (finished < ys.Count) FinishRow(finished++);
        }
        catch
        {
            spool.Dispose();
            throw;
        }
        return new PredictedImage(spool, micrograph, scaling, size, stride, total, clock.Elapsed);
    }

    // The tiles of each band, left to right, batchSize at a time, with their input tensors.
    private static IEnumerable<TranslationBatch> Batches(Micrograph micrograph, IReadOnlyList<int> xs, IReadOnlyList<int> ys, int size, int batchSize,
        TileTensorizer tensorizer, Device device)
    {
        int index = 0;
        for (int row = 0; row < ys.Count; row++)
        {
            for (int start = 0; start < xs.Count; start += batchSize)
            {
                var tiles = new Tile[Math.Min(batchSize, xs.Count - start)];
                for (int i = 0; i < tiles.Length; i++) tiles[i] = new Tile(index++, micrograph, 0, new PixelRect(xs[start + i], ys[row], size, size));
                yield return new TranslationBatch(row, tiles, tensorizer.Inputs(tiles, device));
            }
        }
    }

    private static void RunBatch(nn.Module<Tensor, Tensor> network, Tensor inputs, int count, int channels, int size, float[] output)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var result = network.call(inputs);
        if (result.dim() != 4 || result.shape[0] != count || result.shape[1] != channels || result.shape[2] != size || result.shape[3] != size)
        {
            throw new InvalidOperationException(
                $"The network returned a tensor of shape [{string.Join(",", result.shape)}]; an image-translation model must return N×{channels}×{size}×{size}.");
        }
        var values = result.to(CPU).contiguous();
        MemoryMarshal.Cast<byte, float>(values.bytes).CopyTo(output);
    }

    private sealed record TranslationBatch(int Row, Tile[] Tiles, Tensor Inputs) : IDisposable
    {
        public void Dispose() => Inputs.Dispose();
    }

    // Adds one tile's prediction (C'×size×size) at column x of the band, weighted by the window.
    private static void Accumulate(ReadOnlySpan<float> tile, int x, float[] window, float[][] sums, float[] weights, int width, int size)
    {
        int from = Math.Max(0, -x), to = Math.Min(size, width - x);
        if (to <= from) return;
        for (int ty = 0; ty < size; ty++)
        {
            float wy = window[ty];
            int bandRow = ty * width + x;
            for (int tx = from; tx < to; tx++) weights[bandRow + tx] += wy * window[tx];
            for (int c = 0; c < sums.Length; c++)
            {
                var sum = sums[c];
                var plane = tile.Slice((c * size + ty) * size, size);
                for (int tx = from; tx < to; tx++) sum[bandRow + tx] += wy * window[tx] * plane[tx];
            }
        }
    }

    // Divides rows [first, first + count) of the band by their weights, maps them into raw units, writes them at image row top.
    private static void Finish(PredictionSpool spool, TargetScaling scaling, float[][] sums, float[] weights, int width, int first, int top, int count)
    {
        var rows = new float[count * width];
        for (int c = 0; c < sums.Length; c++)
        {
            var sum = sums[c].AsSpan(first * width, count * width);
            var weight = weights.AsSpan(first * width, count * width);
            for (int i = 0; i < rows.Length; i++) rows[i] = weight[i] > 0 ? sum[i] / weight[i] : float.NaN;
            scaling.ToRaw(c, rows);
            spool.WriteRows(c, top, rows);
        }
    }

    // Moves the band down by `by` rows: rows [by, size) become [0, size − by), the rest start empty.
    private static void Shift(float[][] sums, float[] weights, int width, int size, int by)
    {
        by = Math.Clamp(by, 0, size);
        int keep = (size - by) * width;
        foreach (var plane in sums.Append(weights))
        {
            if (keep > 0) plane.AsSpan(by * width, keep).CopyTo(plane);
            plane.AsSpan(keep).Clear();
        }
    }
}
