using CellOps.Runtime.Data;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Inference;

/// <summary>
/// A model package brought back to life: the plugin's network rebuilt with the package's
/// hyperparameters, its verified weights loaded, on the chosen device, ready to predict.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    private LoadedModel(ModelManifest manifest, ICellModel model, nn.Module<Tensor, Tensor> network, ComputeContext compute, bool channelsLast)
    {
        Manifest = manifest;
        Model = model;
        Network = network;
        Compute = compute;
        ChannelsLast = channelsLast;
    }

    /// <summary>The package's manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The plugin's model definition.</summary>
    public ICellModel Model { get; }

    /// <summary>The network, in evaluation mode.</summary>
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>Where it runs.</summary>
    public ComputeContext Compute { get; }

    /// <summary>
    /// Whether the network runs in channels-last memory order (on the CPU, where its forward allows it;
    /// see <see cref="Inference.ChannelsLast"/>): the same predictions, faster.
    /// </summary>
    public bool ChannelsLast { get; }

    /// <summary>The input the package was trained with.</summary>
    public InputSpec Input => Manifest.ToInputSpec();

    /// <summary>Rebuilds the network of <paramref name="package"/> from <paramref name="model"/> and loads its weights.</summary>
    /// <exception cref="ArgumentException">The package's hyperparameters or input do not fit the plugin's model.</exception>
    public static LoadedModel Load(ModelPackage package, ICellModel model, ComputeContext compute)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(compute);
        var manifest = package.Manifest;
        HyperParameterValues hyperParameters;
        try
        {
            hyperParameters = PackageHyperParameters.Resolve(model, manifest);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{Path.GetFileName(package.Path)} does not fit the installed {manifest.PluginId}.{manifest.ModelName}: {ex.Message}", ex);
        }
        // Checked before the network is built: the tile size sizes the probe batch below.
        if (!model.Input.AnyTileSize && manifest.TileSize != model.Input.TileSize)
        {
            throw new ArgumentException(
                $"{Path.GetFileName(package.Path)} says its tiles are {manifest.TileSize}×{manifest.TileSize}, but the installed {manifest.PluginId}.{manifest.ModelName} takes {model.Input.TileSize}×{model.Input.TileSize} only.");
        }
        if (model is IImageTranslationModel != (manifest.TargetScaling is not null))
        {
            throw new ArgumentException($"{Path.GetFileName(package.Path)} and the installed {manifest.PluginId}.{manifest.ModelName} disagree on whether it translates images.");
        }
        var network = NetworkCheck.Create(manifest.PluginId, model, hyperParameters,
            translation: manifest.TargetScaling is { } scaling ? (manifest.Channels, scaling.ChannelCount) : null);
        try
        {
            // A package trained on other classes than the model declares has a head of its own size.
            if (network is ITransferableNetwork transferable && manifest.ClassNames.Count > 1 && manifest.ClassNames.Count != transferable.ClassCount)
            {
                transferable.ReplaceHead(manifest.ClassNames.Count);
            }
            Checkpoint.LoadWeights(network, package.ReadEntry(Checkpoint.WeightsEntry));
            if (compute.IsCuda) network.to(compute.Device);
            network.eval();
            // On the CPU, libtorch's convolutions and poolings run markedly faster in channels-last order
            // (see bench/RESULTS.md); GPUs keep the order they were tuned for.
            // A network that takes any size is probed at its suggested size where the package's is larger:
            // the memory order behaves alike at every size, and the probe's memory grows with its square.
            int probeSize = model.Input.AnyTileSize ? Math.Min(manifest.TileSize, model.Input.TileSize) : manifest.TileSize;
            bool channelsLast = !compute.IsCuda && Inference.ChannelsLast.TryApply(network, manifest.Channels, probeSize);
            return new LoadedModel(manifest, model, network, compute, channelsLast);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException)
        {
            network.Dispose();
            throw new ArgumentException(
                $"The weights in {Path.GetFileName(package.Path)} do not fit the network of the installed {manifest.PluginId}.{manifest.ModelName} " +
                $"(plugin {manifest.PluginVersion} wrote them): {ex.Message}", ex);
        }
    }

    /// <summary>Predicts class probabilities for <paramref name="tiles"/>, in batches.</summary>
    /// <param name="cellSink">A dense model's cells go here batch by batch rather than into the output (see <see cref="TilePredictor.Predict"/>).</param>
    public PredictionOutput Predict(IReadOnlyList<Tile> tiles, EdgePolicy edgePolicy, int batchSize,
        CancellationToken cancellation = default, Action<int, int>? progress = null, CellSink? cellSink = null)
    {
        using var tensorizer = new TileTensorizer(Input, edgePolicy);
        var source = new BatchSource(tiles, tensorizer, batchSize, Compute.Device, withLabels: false);
        try
        {
            return TilePredictor.Predict(Network, source, loss: null, cancellation, progress, Manifest.OutputGrids, cellSink);
        }
        catch (System.Runtime.InteropServices.ExternalException ex)
        {
            throw LibTorchException.From(ex, $"predicting with {Manifest.PluginId}.{Manifest.ModelName}");
        }
    }

    /// <inheritdoc />
    public void Dispose() => Network.Dispose();
}
