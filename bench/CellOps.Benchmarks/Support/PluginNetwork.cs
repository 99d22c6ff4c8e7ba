using System.Text.Json.Nodes;
using CellOps.Plugins.IpsColony;
using CellOps.Plugins.Leukocyte;
using CellOps.Sdk.Models;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// A built-in plugin's network as the network suite measures it next to the Cardiomyocyte classifier:
/// the plugin and model at their default hyperparameters and working tile size, how bench/pytorch/peer.py
/// builds the same layers, the targets its loss trains on, and its FLOPs per tile.
/// </summary>
internal sealed class PluginNetwork
{
    // The plugins name their shared hyperparameters alike; peer.py takes them under these fields.
    private static readonly (string HyperParameter, string PeerField)[] PeerFields =
    {
        ("Depth", "depth"), ("BaseWidth", "width"), ("HiddenUnits", "hidden"), ("Dropout", "dropout"),
        ("LearningRate", "lr"), ("WeightDecay", "weight_decay"),
    };

    private PluginNetwork(string id, ICellPlugin plugin, ISupervisedModel model, string architecture, Func<PluginNetwork, double> forwardFlops)
    {
        Id = id;
        Plugin = plugin;
        Model = model;
        Architecture = architecture;
        Values = HyperParameterValues.Resolve(model.HyperParameters, null);
        ForwardFlopsPerTile = forwardFlops(this);
    }

    /// <summary>The key of its rows ("network.{Id}.inference").</summary>
    public string Id { get; }

    /// <summary>Plugin.Model, as Get-CellModel names it.</summary>
    public string Label => $"{Plugin.Id}.{Model.Name}";

    public ICellPlugin Plugin { get; }

    public ISupervisedModel Model { get; }

    /// <summary>peer.py's name for the same layers.</summary>
    public string Architecture { get; }

    /// <summary>The model's default hyperparameters: what a user gets without choosing.</summary>
    public HyperParameterValues Values { get; }

    public int Channels => Model.Input.Channels;

    public int TileSize => Model.Input.TileSize;

    public int Classes => Model.ClassNames.Count;

    /// <summary>The output grids of a dense model (N×K×Σr² logits), or null for a classifier (N×K).</summary>
    public IReadOnlyList<int>? Grids => (Model as IDenseModel)?.OutputGrids(Values);

    /// <summary>What the model's loss compares: class fractions per cell (KL divergence) or class indices (cross entropy).</summary>
    public string LossName => Grids is null ? "cross entropy" : "KL divergence per cell";

    /// <summary>FLOPs of one forward pass over one tile, counted from the layers (see <see cref="NetworkFlops"/>).</summary>
    public double ForwardFlopsPerTile { get; }

    /// <summary>The four networks of the Leukocyte and IpsColony plugins.</summary>
    public static IReadOnlyList<PluginNetwork> BuiltIn()
    {
        var leukocyte = new LeukocytePlugin();
        var colony = new IpsColonyPlugin();
        T Model<T>(ICellPlugin plugin) => plugin.Models.OfType<T>().Single();
        return new[]
        {
            new PluginNetwork("wnet", leukocyte, Model<WNetModel>(leukocyte), "wnet", n => NetworkFlops.WNet(n.Channels, n.Classes, n.TileSize,
                n.Values.GetInt(WNetModel.Depth), n.Values.GetInt(WNetModel.BaseWidth), n.Values.GetInt(WNetModel.HiddenUnits))),
            new PluginNetwork("class-distribution", colony, Model<ClassDistributionModel>(colony), "class-distribution",
                n => NetworkFlops.ClassDistribution(n.Channels, n.Classes, n.TileSize, n.Values.GetInt("BaseWidth"), n.Grids!)),
            new PluginNetwork("patch-classifier", colony, Model<PatchClassifierModel>(colony), "patch-classifier",
                n => NetworkFlops.PatchClassifier(n.Channels, n.Classes, n.TileSize, n.Values.GetInt("BaseWidth"), n.Values.GetInt(PatchClassifierModel.HiddenUnits))),
            new PluginNetwork("fully-convolutional", colony, Model<FullyConvolutionalModel>(colony), "unet",
                n => NetworkFlops.UNet(n.Channels, n.Classes, n.TileSize, n.Values.GetInt("BaseWidth"))),
        };
    }

    /// <summary>peer.py's "network" request for the same layers, hyperparameters and batch of random tiles.</summary>
    public JsonObject PeerRequest(string name, int batch, bool channelsLast)
    {
        var request = new JsonObject
        {
            ["op"] = "network", ["name"] = name, ["architecture"] = Architecture, ["batch"] = batch, ["tile"] = TileSize,
            ["channels"] = Channels, ["classes"] = Classes, ["seed"] = 0, ["channels_last"] = channelsLast,
            ["loss"] = Grids is null ? "cross_entropy" : "kl",
        };
        foreach (var (hyperParameter, field) in PeerFields)
        {
            if (Values.TryGetValue(hyperParameter, out var value)) request[field] = value;
        }
        if (Grids is { } grids) request["grids"] = new JsonArray(grids.Select(r => (JsonNode)r).ToArray());
        // W-Net's layers depend on its normalisation choice (batch norm by default).
        if (Model is WNetModel) request["normalization"] = Values.GetChoice(WNetModel.Normalization);
        return request;
    }

    /// <summary>
    /// Random targets of one batch in the form the model's loss takes: class indices for a classifier,
    /// and for a dense model one class distribution per output cell (N×K×Σr², each cell summing to 1),
    /// as DenseTargets reads them from label images.
    /// </summary>
    public Tensor Targets(int batch)
    {
        if (Grids is not { } grids) return randint(0, Classes, new long[] { batch }, dtype: ScalarType.Int64);
        long cells = grids.Sum(r => (long)r * r);
        using var raw = randn(batch, Classes, cells);
        return nn.functional.softmax(raw, 1);
    }
}
