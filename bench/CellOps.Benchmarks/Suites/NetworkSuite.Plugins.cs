using System.Globalization;
using CellOps.Benchmarks.Report;
using CellOps.Benchmarks.Support;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// The network suite's rows for every other built-in plugin's network (<see cref="PluginNetwork.BuiltIn"/>):
/// inference as Invoke-CellModel runs it and training as StandardTrainer runs it, against the same
/// layers in PyTorch, and achieved GFLOP/s. They only inform: the issue's goals are set for the
/// Cardiomyocyte classifier.
/// </summary>
internal sealed partial class NetworkSuite
{
    /// <summary>
    /// Times one plugin network interleaved with PyTorch as users run it (NCHW, OpenMP defaults) and with
    /// PyTorch given CellOps' levers (channels_last, and CellOps' wait policy where it chose one), then
    /// adds its rows.
    /// </summary>
    private static void MeasurePluginNetwork(HarnessContext context, Peers peers, PluginNetwork network, string? waitPolicy,
        int batch, int tiles, int trainingBatches, int warmup, int runs)
    {
        string prefix = $"network.{network.Id}";
        string package = Path.Combine(context.WorkFolder, $"{network.Id}.cellmodel");
        BenchModel.WritePackage(package, network.Plugin, network.Model, seed: 0);
        var compute = ComputeContext.Create(DevicePreference.Cpu, context.Threads);
        using var opened = ModelPackage.Open(package, CellOps.Sdk.SdkVersion.Current);
        using var loaded = LoadedModel.Load(opened, network.Model, compute);
        long parameters = loaded.Network.parameters().Sum(p => p.numel());
        double forwardFlops = network.ForwardFlopsPerTile, trainingFlops = NetworkFlops.Training(forwardFlops);

        // The peer builds the same layers from the same hyperparameters; equal parameter counts are a cheap check that they agree.
        string plain = network.Id, tuned = $"{network.Id}-tuned";
        long? peerParameters = peers.AddNetwork(null, network.PeerRequest(plain, batch, channelsLast: false));
        peers.AddNetwork(waitPolicy, network.PeerRequest(tuned, batch, channelsLast: true));
        string peerCheck = peerParameters is { } p ? $" (PyTorch: {p}{(p == parameters ? "" : ", DIFFERENT LAYERS")})" : "";
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {network.Label} ({network.Values}): {forwardFlops / 1e6:0.0} MFLOP per tile forward, {parameters} parameters{peerCheck}"
            + $"; channels-last: {loaded.ChannelsLast}; {runs} interleaved runs"));

        var shipped = new Variant(network.Id, network.Label, batch, x => TilePredictor.PredictBatch(loaded.Network, x), Channels: network.Channels);
        var inference = Measure(context, peers, warmup, runs, new[]
        {
            new Side(network.Id, shipped.TilesPerRun(tiles), () => Infer(shipped, tiles, context.Threads)),
            peers.Infer(null, plain, tiles),
            peers.Infer(waitPolicy, tuned, tiles),
        });

        using var inputs = randn(batch, network.Channels, network.TileSize, network.TileSize);
        using var targets = network.Targets(batch);
        using var trainer = new TrainingSide(network.Model, network.Values, channelsLastBatches: true);
        var training = Measure(context, peers, warmup, runs, new[]
        {
            new Side($"{network.Id}.train", trainingBatches * batch, () => trainer.Run(inputs, targets, trainingBatches)),
            peers.Train(null, plain, trainingBatches),
            peers.Train(waitPolicy, tuned, trainingBatches),
        });

        var report = context.Report;
        string peerName = peers.Name;
        var (peerMissing, peerNote) = peers.Missing(null);
        var peerInference = inference.GetValueOrDefault(Peers.Key(null, "infer", plain));
        var peerTraining = training.GetValueOrDefault(Peers.Key(null, "train", plain));
        string shape = $"{network.Channels}x{network.TileSize}x{network.TileSize} tiles";
        report.Add(new BenchRow
        {
            Id = $"{prefix}.inference",
            Benchmark = $"{network.Label} inference, batch {batch}",
            Unit = "tiles/s",
            CellOps = inference[network.Id],
            Peer = peerInference,
            PeerName = peerName,
            PeerMissing = peerMissing,
            Note = peerNote ?? $"{shape}, softmax included; CellOps as Invoke-CellModel runs it (LoadedModel, TilePredictor.PredictBatch; "
                + $"channels-last: {loaded.ChannelsLast}, OpenMP wait: {waitPolicy ?? "default"}); PyTorch eval() under inference_mode, NCHW, OpenMP defaults",
        });
        report.Add(new BenchRow
        {
            Id = $"{prefix}.training",
            Benchmark = $"{network.Label} training, batch {batch}",
            Unit = "tiles/s",
            CellOps = training[$"{network.Id}.train"],
            Peer = peerTraining,
            PeerName = peerName,
            PeerMissing = peerMissing,
            Note = peerNote ?? $"forward + {network.LossName} + backward + Adam step; CellOps as StandardTrainer runs it "
                + $"(channels-last batches: {trainer.UsesChannelsLast == true}, OpenMP wait: {waitPolicy ?? "default"}); PyTorch NCHW, OpenMP defaults",
        });
        AddFlopRows(context, inference[network.Id]!, peerInference, training[$"{network.Id}.train"]!, peerTraining,
            forwardFlops, trainingFlops, peerName, peerMissing, prefix);

        // PyTorch given what CellOps does: what is left is the libraries underneath, not CellOps.
        string levers = $"channels_last{(waitPolicy is null ? "" : $" + {waitPolicy} wait")}";
        foreach (var (op, cellOps, figures) in new[] { ("infer", inference[network.Id], inference), ("train", training[$"{network.Id}.train"], training) })
        {
            if (figures.GetValueOrDefault(Peers.Key(waitPolicy, op, tuned)) is not { } peerFigure) continue;
            report.Add(new BenchRow
            {
                Id = $"{prefix}.peer.{(op == "infer" ? "inference" : "training")}-tuned",
                Benchmark = $"  PyTorch {(op == "infer" ? "inference" : "training")}, {(waitPolicy is null ? "channels_last" : $"c_last + {waitPolicy} wait")}",
                Unit = "tiles/s",
                CellOps = cellOps,
                Peer = peerFigure,
                PeerName = peerName,
                Note = $"PyTorch model and {(op == "infer" ? "input" : "batches")} in {levers}{HarnessContext.HeapLever}, against CellOps as shipped: like for like",
            });
        }
    }
}
