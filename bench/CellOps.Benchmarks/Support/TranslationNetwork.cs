using System.Text.Json.Nodes;
using CellOps.Plugins.CancerStemCell;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Training;
using CellOps.Runtime.Translation;
using CellOps.Sdk.Models;
using TorchSharp;
using H = CellOps.Plugins.CancerStemCell.TranslationHyperParameters;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// CancerStemCell.Pix2Pix as examples/phase-to-fluorescence.ps1 trains it: 13 phase-contrast planes in,
/// DAPI and MAP2 out, 128-pixel tiles, generator and discriminator width 16, the plugin's defaults
/// otherwise (7 U-Net steps, batch norm, dropout 0.5, 3 strided PatchGAN layers, λ 100, β1 0.5), and the
/// example's learning rate 1e-3. How bench/pytorch/peer.py builds the same networks, and their FLOPs.
/// </summary>
internal sealed class TranslationNetwork
{
    public const int InputChannels = 13;
    public const int OutputChannels = 2;
    public const double LearningRate = 1e-3;

    private static readonly Dictionary<string, double> Example = new()
    {
        [H.GeneratorWidth] = 16, [H.DiscriminatorWidth] = 16, [H.LearningRate] = LearningRate,
    };

    public TranslationNetwork()
    {
        Values = HyperParameterValues.Resolve(Model.HyperParameters, Example);
    }

    public CancerStemCellPlugin Plugin { get; } = new();

    public Pix2PixModel Model { get; } = new();

    public HyperParameterValues Values { get; }

    public int TileSize => Model.Input.TileSize;

    public int Width => Values.GetInt(H.GeneratorWidth);

    public int Depth => Values.GetInt(H.Depth);

    public int DiscriminatorWidth => Values.GetInt(H.DiscriminatorWidth);

    public int DiscriminatorLayers => Values.GetInt(H.DiscriminatorLayers);

    /// <summary>Plugin.Model, as Get-CellModel names it.</summary>
    public string Label => $"{Plugin.Id}.{Model.Name}";

    /// <summary>FLOPs of the generator's forward pass over one tile.</summary>
    public double GeneratorFlops => NetworkFlops.UNetGenerator(InputChannels, OutputChannels, TileSize, Width, Depth);

    /// <summary>FLOPs of the discriminator's forward pass over one tile and its image.</summary>
    public double DiscriminatorFlops => NetworkFlops.PatchDiscriminator(InputChannels + OutputChannels, TileSize, DiscriminatorWidth, DiscriminatorLayers);

    /// <summary>FLOPs of one training step (discriminator step and generator step) per tile.</summary>
    public double TrainingFlops => NetworkFlops.Pix2PixTraining(GeneratorFlops, DiscriminatorFlops);

    /// <summary>A fresh network (generator and discriminator), seeded.</summary>
    public Pix2PixNetwork CreateNetwork(long seed)
    {
        torch.random.manual_seed(seed);
        return (Pix2PixNetwork)Model.CreateNetwork(Values, InputChannels, OutputChannels);
    }

    /// <summary>
    /// Writes an untrained package as Start-CellTraining writes one for the example's data (its targets
    /// mapping 0..65535 onto the tanh range), so that inference loads it as Invoke-CellModel does.
    /// </summary>
    public void WritePackage(string path, long seed = 0)
    {
        using var network = CreateNetwork(seed);
        var scaling = new TargetScaling
        {
            Channels = new[] { "DAPI", "MAP2" }, RawLow = new[] { 0f, 0f }, RawHigh = new[] { 65535f, 65535f }, OutputLow = -1, OutputHigh = 1,
        };
        var manifest = new ManifestFactory(Plugin, Model, Array.Empty<string>(), Values, seed, Fingerprint: "", TileCount: 0, Parent: null,
            WholeImages: false, Input: Model.Input with { Channels = InputChannels }, TargetScaling: scaling).Create([]);
        ModelPackageWriter.Write(path, manifest, new Dictionary<string, byte[]> { [Checkpoint.WeightsEntry] = Checkpoint.SaveWeights(network) });
    }

    /// <summary>peer.py's "network" request for the same generator and discriminator and a batch of random tiles and targets.</summary>
    public JsonObject PeerRequest(string name, int batch, bool channelsLast) => new()
    {
        ["op"] = "network", ["name"] = name, ["architecture"] = "pix2pix", ["batch"] = batch, ["tile"] = TileSize,
        ["channels"] = InputChannels, ["outputs"] = OutputChannels, ["width"] = Width, ["depth"] = Depth,
        ["dropout"] = Values.GetReal(H.Dropout), ["norm"] = Values.GetChoice(H.Norm),
        ["discriminator_width"] = DiscriminatorWidth, ["discriminator_layers"] = DiscriminatorLayers,
        ["lambda"] = Values.GetReal(H.Lambda), ["lr"] = LearningRate, ["beta1"] = Values.GetReal(H.Beta1),
        ["seed"] = 0, ["channels_last"] = channelsLast,
    };
}
