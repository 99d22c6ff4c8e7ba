using System.Text.Json.Nodes;
using CellOps.Plugins.NeuralFate;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Training;
using CellOps.Runtime.Weights;
using CellOps.Sdk.Models;
using TorchSharp;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// One NeuralFate ResNet as the resnet suite measures it: for inference, torchvision's network with
/// ImageNet's 1000-class head, its weights saved by PyTorch and imported as Import-CellWeights imports
/// them (<see cref="WeightFile"/>, <see cref="WeightMatch"/>, the network's own key map) into a package;
/// for training, the plugin's network as Start-CellTraining trains it (two classes, the model's
/// defaults). How bench/pytorch/peer.py builds the same networks, and their FLOPs.
/// </summary>
internal sealed class ImportedResNet
{
    /// <summary>The classes of torchvision's head, and so of the imported network.</summary>
    public const int ImportedClasses = 1000;

    public ImportedResNet(ResNetArchitecture architecture)
    {
        Architecture = architecture;
        Model = new ResNetModel(architecture);
        Values = HyperParameterValues.Resolve(Model.HyperParameters, null);
    }

    public ResNetArchitecture Architecture { get; }

    public NeuralFatePlugin Plugin { get; } = new();

    public ResNetModel Model { get; }

    /// <summary>The model's default hyperparameters, the ones training uses on both sides.</summary>
    public HyperParameterValues Values { get; }

    /// <summary>torchvision's factory name, e.g. <c>resnet50</c>, which peer.py builds and row ids use.</summary>
    public string Id => Architecture.TorchvisionName[(Architecture.TorchvisionName.LastIndexOf('.') + 1)..];

    /// <summary>e.g. ResNet-50.</summary>
    public string Label => Architecture.DisplayName;

    public int TrainingClasses => Model.ClassNames.Count;

    /// <summary>FLOPs of the forward pass over one tile, with the imported head (inference) or the plugin's (training).</summary>
    public double ForwardFlops(int tileSize, bool imported) =>
        NetworkFlops.ResNet(Architecture, tileSize, imported ? ImportedClasses : TrainingClasses, Model.Input.Channels);

    /// <summary>peer.py's request that saves seeded weights (batch norms calibrated) and a parity batch with its logits.</summary>
    public JsonObject WeightsRequest(string weights, string parity, int parityTile, int parityBatch) => new()
    {
        ["op"] = "resnet-weights", ["arch"] = Id, ["classes"] = ImportedClasses, ["seed"] = 0,
        ["weights"] = weights, ["parity"] = parity, ["parity_tile"] = parityTile, ["parity_batch"] = parityBatch,
    };

    /// <summary>
    /// peer.py's "network" request: with <paramref name="weights"/>, the imported network (1000 classes) for
    /// inference; without, the plugin's two-class network with the model's Adam settings, for training.
    /// </summary>
    public JsonObject PeerRequest(string name, int batch, int tileSize, string? weights, bool channelsLast) => new()
    {
        ["op"] = "network", ["name"] = name, ["architecture"] = "resnet", ["arch"] = Id, ["batch"] = batch, ["tile"] = tileSize,
        ["channels"] = Model.Input.Channels, ["classes"] = weights is null ? TrainingClasses : ImportedClasses, ["weights"] = weights,
        ["lr"] = Values.GetReal(ResNetModel.LearningRate), ["weight_decay"] = Values.GetReal(ResNetModel.WeightDecay),
        ["seed"] = 0, ["channels_last"] = channelsLast,
    };

    /// <summary>
    /// Writes a package of the network with the 1000-class head, holding <paramref name="weights"/> (a state
    /// dict PyTorch saved, imported through the network's key map) or, without, its own seeded initialisation;
    /// returns how the import matched (null without weights).
    /// </summary>
    public string? WritePackage(string path, string? weights)
    {
        torch.random.manual_seed(0);
        using var network = new ResNetNetwork(Architecture, ImportedClasses, inChannels: Model.Input.Channels);
        string? matched = null;
        if (weights is not null)
        {
            using var imported = WeightFile.Read(weights);
            matched = WeightMatch.Load(network, imported, network.MapImportedKey).Describe();
        }
        var classes = Enumerable.Range(0, ImportedClasses).Select(c => $"class{c}").ToArray();
        var manifest = new ManifestFactory(Plugin, Model, classes, Values, Seed: 0, Fingerprint: "", TileCount: 0, Parent: null, WholeImages: false).Create([]);
        ModelPackageWriter.Write(path, manifest, new Dictionary<string, byte[]> { [Checkpoint.WeightsEntry] = Checkpoint.SaveWeights(network) });
        return matched;
    }
}
