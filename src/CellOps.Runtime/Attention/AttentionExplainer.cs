using System.Runtime.InteropServices;
using CellOps.Runtime.Data;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;

namespace CellOps.Runtime.Attention;

/// <summary>
/// Grad-CAM maps of a loaded tile classifier over tiles, batch by batch: the tiles normalised as for
/// prediction, one <see cref="GradCam"/> pass per batch, each batch's tensors released before the next.
/// </summary>
public sealed class AttentionExplainer
{
    private readonly LoadedModel _model;
    private readonly GradCam _gradCam;

    /// <summary>Explains <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">The model does not classify tiles (see <see cref="Unsupported"/>).</exception>
    public AttentionExplainer(LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Unsupported(model) is { } reason) throw new ArgumentException(reason);
        _model = model;
        _gradCam = new GradCam(model.Network);
    }

    /// <summary>The explained layer, once the first batch has run.</summary>
    public AttentionLayer? Layer => _gradCam.Layer;

    /// <summary>Why <paramref name="model"/> cannot be explained with Grad-CAM (it does not give one class per tile), or null.</summary>
    public static string? Unsupported(LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var manifest = model.Manifest;
        string name = $"{manifest.PluginId}.{manifest.ModelName}";
        if (manifest.TargetScaling is not null || model.Model.Task == ModelTask.ImageTranslation)
            return $"{name} translates images; attention maps explain tile classifiers, which give one class per tile.";
        if (model.Model.Task == ModelTask.Generation)
            return $"{name} generates images; attention maps explain tile classifiers, which give one class per tile.";
        if (model.Model is IDenseModel || model.Model.Task == ModelTask.DenseSegmentation || manifest.OutputGrids is { Count: > 0 })
            return $"{name} predicts a class per pixel or grid cell, which is already a map; attention maps explain tile classifiers, which give one class per tile.";
        return null;
    }

    /// <summary>Computes the map of every tile, in order, a batch at a time.</summary>
    /// <param name="tiles">Tiles of the model's size.</param>
    /// <param name="edgePolicy">How tiles reaching past their micrograph are filled.</param>
    /// <param name="explainedClass">The class every map explains; null: each tile's predicted class.</param>
    /// <param name="batchSize">Tiles per batch.</param>
    /// <param name="cancellation">Stops before the next batch.</param>
    /// <exception cref="ArgumentException">A tile does not fit the model, or the class is not one of its classes.</exception>
    /// <exception cref="InvalidOperationException">The network has no feature map to explain.</exception>
    /// <exception cref="LibTorchException">libtorch failed.</exception>
    public IEnumerable<TileAttention> Explain(IReadOnlyList<Tile> tiles, EdgePolicy edgePolicy, int? explainedClass, int batchSize,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int classes = _model.Manifest.ClassNames.Count;
        if (explainedClass is { } c && (c < 0 || (classes > 0 && c >= classes)))
            throw new ArgumentException($"Class {c} is not one of the model's {classes} classes.", nameof(explainedClass));
        return Run(tiles, edgePolicy, explainedClass, batchSize, cancellation);
    }

    private IEnumerable<TileAttention> Run(IReadOnlyList<Tile> tiles, EdgePolicy edgePolicy, int? explainedClass, int batchSize,
        CancellationToken cancellation)
    {
        using var tensorizer = new TileTensorizer(_model.Input, edgePolicy);
        int size = _model.Manifest.TileSize;
        for (int start = 0; start < tiles.Count && !cancellation.IsCancellationRequested; start += batchSize)
        {
            var batch = tiles.Skip(start).Take(batchSize).ToArray();
            GradCamBatch result;
            using (var scope = torch.NewDisposeScope())
            {
                var inputs = tensorizer.Inputs(batch, _model.Compute.Device);
                try
                {
                    result = _gradCam.Compute(inputs, explainedClass is { } c ? Enumerable.Repeat(c, batch.Length).ToArray() : null);
                }
                catch (ExternalException ex)
                {
                    throw LibTorchException.From(ex, $"computing attention maps with {_model.Manifest.PluginId}.{_model.Manifest.ModelName}");
                }
            }
            for (int i = 0; i < batch.Length; i++)
            {
                yield return new TileAttention(batch[i], result.Map(i).ToArray(), size, result.Targets[i], result.Predicted[i],
                    result.ProbabilitiesOf(i).ToArray());
            }
        }
    }
}
