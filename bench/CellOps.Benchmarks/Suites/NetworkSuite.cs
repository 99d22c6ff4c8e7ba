using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using CellOps.Benchmarks.Peers;
using CellOps.Benchmarks.Report;
using CellOps.Benchmarks.Support;
using CellOps.Plugins.Cardiomyocyte;
using CellOps.Runtime.Inference;
using CellOps.Sdk.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// The Cardiomyocyte tile classifier (the built-in plugin's network at its defaults: 4 blocks of
/// 32-64-128-256 channels on 1×64×64 tiles) against the same network in PyTorch: inference and
/// training tiles/s at batch 64, each network's achieved GFLOP/s as a share of the matmul rate, and
/// the cheap inference levers (inference mode, batch-norm folding, channels-last, batch size,
/// threads) measured against CellOps' inference as it ships.
/// </summary>
internal sealed class NetworkSuite : ISuite
{
    private const int TileSize = 64;

    public string Name => "network";

    public void Run(HarnessContext context)
    {
        bool quick = context.Quick;
        int batch = quick ? 4 : 64;
        int inferenceTiles = quick ? 4 : 128;   // per timed run
        int trainingBatches = quick ? 1 : 2;    // per timed run
        int warmup = 1, runs = quick ? 1 : 5;

        torch.random.manual_seed(0);
        var model = new TileClassifierModel();
        var values = HyperParameterValues.Resolve(model.HyperParameters, null);
        using var network = (TileClassifierNetwork)model.CreateNetwork(values);
        int classes = model.ClassNames.Count;
        double forwardFlops = NetworkFlops.ForwardPerTile(network, 1, classes, TileSize);
        double trainingFlops = NetworkFlops.TrainingPerTile(network, 1, classes, TileSize);
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Cardiomyocyte.TileClassifier ({values}), {forwardFlops / 1e6:0.0} MFLOP per tile forward; batch {batch}, {runs} interleaved run(s)"));

        var peer = context.PyTorch(out var unavailable);
        string peerName = MatmulSuite.PeerName(peer);
        if (peer is not null)
        {
            try
            {
                foreach (var (name, fold, channelsLastPeer) in new[] { ("base", false, false), ("channels-last", false, true), ("folded-cl", true, true) })
                {
                    peer.Send(new JsonObject
                    {
                        ["op"] = "network", ["name"] = name, ["batch"] = batch, ["tile"] = TileSize, ["depth"] = values.GetInt(TileClassifierModel.Depth),
                        ["width"] = values.GetInt(TileClassifierModel.BaseWidth), ["dropout"] = values.GetReal(TileClassifierModel.Dropout), ["seed"] = 0,
                        ["fold_batch_norm"] = fold, ["channels_last"] = channelsLastPeer,
                    });
                }
            }
            catch (PeerUnavailableException e)
            {
                context.PyTorchFailed(e);
                (peer, unavailable) = (null, e);
            }
        }

        // ---- Inference: CellOps as it ships, its levers, and PyTorch, all interleaved run for run.
        network.eval();
        using var channelsLast = Copy(model, values, network);
        ChannelsLast.Apply(channelsLast);
        using var folded = new FoldedTileClassifier(network, channelsLast: false);
        using var foldedChannelsLast = new FoldedTileClassifier(network, channelsLast: true);
        using var reordered = new FoldedTileClassifier(network, channelsLast: true, reluAfterPool: true);
        var variants = new List<Variant>
        {
            new("shipped", "inference as shipped (no_grad)", batch, () => Infer(network, batch, inferenceTiles, no_grad)),
            new("inference-mode", "  lever: inference_mode", batch, () => Infer(network, batch, inferenceTiles, () => inference_mode())),
            new("channels-last", "  lever: channels-last weights", batch, () => Infer(channelsLast, batch, inferenceTiles, no_grad)),
            new("folded", "  lever: batch norm folded", batch, () => Infer(folded, batch, inferenceTiles, no_grad)),
            new("folded-cl", "  lever: folded + channels-last", batch, () => Infer(foldedChannelsLast, batch, inferenceTiles, no_grad)),
            new("folded-cl-pool", "  lever: folded + c-last + ReLU after pool", batch, () => Infer(reordered, batch, inferenceTiles, no_grad)),
        };
        foreach (int size in quick ? new[] { 2, 8 } : new[] { 16, 32, 128, 256 })
        {
            variants.Add(new($"batch-{size}", $"  lever: channels-last, batch {size}", size, () => Infer(channelsLast, size, Math.Max(size, inferenceTiles), no_grad)));
        }
        if (context.Threads > 1)
        {
            variants.Add(new("threads-1", "  lever: 1 thread", batch, () => WithThreads(1, context.Threads, () => Infer(network, batch, inferenceTiles, no_grad))));
        }

        Func<double>? PeerInfer(string name) => peer is null ? null : () => peer.Seconds(new JsonObject { ["op"] = "infer", ["name"] = name, ["batches"] = inferenceTiles / batch });
        string[] peerVariants = { "base", "channels-last", "folded-cl" };
        var (inferenceSeconds, peerInferenceSeconds) = TimeWithPeer(context, warmup, runs,
            variants.Select(v => v.Run).ToArray(), peerVariants.Select(PeerInfer).ToArray(), ref unavailable);

        var figures = variants.Select((v, i) => Figure.Rate(v.TilesPerRun(inferenceTiles), inferenceSeconds[i])).ToList();
        var peerFigures = peerInferenceSeconds.Select(s => s.Length > 0 ? Figure.Rate(inferenceTiles, s) : null).ToArray();
        Figure? peerInference = peerFigures[0];

        // ---- Training: forward, cross entropy, backward, Adam step, as StandardTrainer does it.
        using var trainingInputs = randn(batch, 1, TileSize, TileSize);
        using var labels = randint(0, classes, new long[] { batch }, dtype: ScalarType.Int64);
        using var optimizer = optim.Adam(network.parameters(), lr: values.GetReal(TileClassifierModel.LearningRate),
            weight_decay: values.GetReal(TileClassifierModel.WeightDecay));
        double TrainRun() => Interleaved.Seconds(() =>
        {
            network.train();
            for (int b = 0; b < trainingBatches; b++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var loss = model.ComputeLoss(network.call(trainingInputs), labels, null);
                loss.item<float>();
                loss.backward();
                optimizer.step();
            }
        });
        Func<double>? peerTrain = peer is null ? null : () => peer.Seconds(new JsonObject { ["op"] = "train", ["name"] = "base", ["batches"] = trainingBatches });
        if (unavailable is not null) peerTrain = null;
        var (trainingSeconds, peerTrainingSeconds) = TimeWithPeer(context, warmup, runs, new Func<double>[] { TrainRun }, new[] { peerTrain }, ref unavailable);
        var training = Figure.Rate(trainingBatches * batch, trainingSeconds[0]);
        Figure? peerTraining = peerTrainingSeconds[0].Length > 0 ? Figure.Rate(trainingBatches * batch, peerTrainingSeconds[0]) : null;

        // ---- Rows.
        var report = context.Report;
        var shipped = figures[0];
        report.Add(new BenchRow
        {
            Id = "network.inference",
            Benchmark = $"Cardiomyocyte inference, batch {batch}",
            Unit = "tiles/s",
            CellOps = shipped,
            Peer = peerInference,
            PeerName = peerName,
            PeerMissing = unavailable?.Status,
            Goal = Goal.RatioAtLeast(2.0),
            Note = unavailable?.Message ?? $"{context.Threads} thread(s), 1x{TileSize}x{TileSize} tiles, eval mode, softmax included; PyTorch under inference_mode",
        });
        report.Add(new BenchRow
        {
            Id = "network.training",
            Benchmark = $"Cardiomyocyte training, batch {batch}",
            Unit = "tiles/s",
            CellOps = training,
            Peer = peerTraining,
            PeerName = peerName,
            PeerMissing = unavailable?.Status,
            Goal = Goal.RatioAtLeast(1.2),
            Note = unavailable?.Message ?? "forward + cross entropy + backward + Adam step",
        });
        AddFlopRows(context, shipped, peerInference, training, peerTraining, forwardFlops, trainingFlops, peerName, unavailable);

        for (int i = 1; i < variants.Count; i++)
        {
            report.Add(new BenchRow
            {
                Id = $"network.lever.{variants[i].Id}",
                Benchmark = variants[i].Label,
                Unit = "tiles/s",
                CellOps = figures[i],
                Peer = shipped,
                PeerName = "as shipped",
            });
        }
        foreach (var (peerVariant, label, note) in new[]
        {
            ("channels-last", "  PyTorch, channels_last", "PyTorch's model and input in channels_last, against CellOps' channels-last weights: like for like"),
            ("folded-cl", "  PyTorch, folded + channels_last", "PyTorch fuse_conv_bn_eval + channels_last, against CellOps' folded + channels-last: like for like"),
        })
        {
            int p = Array.IndexOf(peerVariants, peerVariant);
            if (peerFigures[p] is null) continue;
            report.Add(new BenchRow
            {
                Id = $"network.peer.{peerVariant}",
                Benchmark = label,
                Unit = "tiles/s",
                CellOps = figures[variants.FindIndex(v => v.Id == peerVariant)],
                Peer = peerFigures[p],
                PeerName = peerName,
                Note = note,
            });
        }
    }

    private static void AddFlopRows(HarnessContext context, Figure inference, Figure? peerInference, Figure training, Figure? peerTraining,
        double forwardFlops, double trainingFlops, string peerName, PeerUnavailableException? unavailable)
    {
        var matmul = context.MatmulGflops;
        foreach (var (id, label, cellOps, peer, flops) in new[]
        {
            ("network.inference-gflops", "  inference achieved", inference, peerInference, forwardFlops),
            ("network.training-gflops", "  training achieved", training, peerTraining, trainingFlops),
        })
        {
            var rate = cellOps.Scale(flops / 1e9);
            var peerRate = peer?.Scale(flops / 1e9);
            string? note = null;
            if (matmul is { } m)
            {
                note = string.Create(CultureInfo.InvariantCulture, $"CellOps {100 * rate.Median / m.CellOps:0.0}% of its matmul rate ({m.CellOps:0.0} GFLOP/s)");
                if (peerRate is not null && m.Peer is double p) note += string.Create(CultureInfo.InvariantCulture, $"; PyTorch {100 * peerRate.Median / p:0}% of its matmul rate ({p:0.0} GFLOP/s)");
            }
            context.Report.Add(new BenchRow
            {
                Id = id,
                Benchmark = label,
                Unit = "GFLOP/s",
                CellOps = rate,
                Peer = peerRate,
                PeerName = peerName,
                PeerMissing = unavailable?.Status,
                Note = note,
            });
        }
    }

    /// <summary>
    /// Times CellOps' sides and the peer's together, interleaved; where the peer fails midway, it is
    /// marked failed and CellOps' sides are timed again without it.
    /// </summary>
    /// <returns>The seconds of CellOps' sides, then of the peer's (empty where the peer could not run).</returns>
    private static (double[][] CellOps, double[][] Peer) TimeWithPeer(HarnessContext context, int warmup, int runs,
        IReadOnlyList<Func<double>> cellOps, IReadOnlyList<Func<double>?> peer, ref PeerUnavailableException? unavailable)
    {
        try
        {
            var all = Interleaved.Time(warmup, runs, cellOps.Concat(peer).ToArray());
            return (all[..cellOps.Count], all[cellOps.Count..]);
        }
        catch (PeerUnavailableException e)
        {
            context.PyTorchFailed(e);
            unavailable = e;
            var alone = Interleaved.Time(0, runs, cellOps.ToArray());
            return (alone, peer.Select(_ => Array.Empty<double>()).ToArray());
        }
    }

    private static double Infer(nn.Module<Tensor, Tensor> network, int batch, int tiles, Func<IDisposable> mode)
    {
        using var inputs = randn(batch, 1, TileSize, TileSize);
        var probabilities = new float[batch * 2];
        int batches = Math.Max(1, tiles / batch);
        return Interleaved.Seconds(() =>
        {
            for (int b = 0; b < batches; b++)
            {
                using var scope = NewDisposeScope();
                using var guard = mode();
                using var output = network.call(inputs);
                using var soft = nn.functional.softmax(output, 1);
                // TilePredictor copies the probabilities out of every batch; so does this.
                MemoryMarshal.Cast<byte, float>(soft.bytes).CopyTo(probabilities);
            }
        });
    }

    /// <summary>A second network with the same weights, for a lever that changes it.</summary>
    private static TileClassifierNetwork Copy(TileClassifierModel model, HyperParameterValues values, TileClassifierNetwork network)
    {
        var copy = (TileClassifierNetwork)model.CreateNetwork(values);
        copy.load_state_dict(network.state_dict());
        copy.eval();
        return copy;
    }

    private static double WithThreads(int threads, int restore, Func<double> run)
    {
        torch.set_num_threads(threads);
        try
        {
            return run();
        }
        finally
        {
            torch.set_num_threads(restore);
        }
    }

    /// <summary>One inference configuration; its run does <see cref="TilesPerRun"/> tiles.</summary>
    private sealed record Variant(string Id, string Label, int Batch, Func<double> Run)
    {
        public int TilesPerRun(int tiles) => Math.Max(1, tiles / Batch) * Batch;
    }
}
