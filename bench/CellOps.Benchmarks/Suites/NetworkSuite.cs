using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using CellOps.Benchmarks.Peers;
using CellOps.Benchmarks.Report;
using CellOps.Benchmarks.Support;
using CellOps.Plugins.Cardiomyocyte;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// The Cardiomyocyte tile classifier (the built-in plugin's network at its defaults: 4 blocks of
/// 32-64-128-256 channels on 1×64×64 tiles) against the same network in PyTorch: inference and
/// training tiles/s at batch 64, each network's achieved GFLOP/s as a share of the matmul rate, and
/// the cheap inference levers (inference mode, channels-last, batch-norm folding, batch size, threads)
/// against CellOps' inference before them.
/// </summary>
/// <remarks>
/// "Shipped" inference is what Invoke-CellModel runs: the package loaded by <see cref="LoadedModel"/>
/// (channels-last on the CPU, the plugin folding its batch norms in evaluation mode) and each batch
/// through <see cref="TilePredictor.PredictBatch"/>. "Before" is the same weights through the plugin's
/// earlier forward (batch norm applied after each convolution) in NCHW order. All sides, PyTorch's
/// included, run interleaved, run for run.
/// </remarks>
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
        int warmup = 1, runs = quick ? 1 : 4, headlineRuns = quick ? 1 : 7;

        string package = Path.Combine(context.WorkFolder, "network.cellmodel");
        var model = BenchModel.WritePackage(package, seed: 0);
        var values = HyperParameterValues.Resolve(model.HyperParameters, null);
        var compute = ComputeContext.Create(DevicePreference.Cpu, context.Threads);
        using var opened = ModelPackage.Open(package, CellOps.Sdk.SdkVersion.Current);
        using var loaded = LoadedModel.Load(opened, model, compute);
        var shipped = loaded.Network;
        using var trained = (TileClassifierNetwork)model.CreateNetwork(values);
        trained.load_state_dict(shipped.state_dict());
        trained.eval();

        int classes = model.ClassNames.Count;
        double forwardFlops = NetworkFlops.ForwardPerTile(trained, 1, classes, TileSize);
        double trainingFlops = NetworkFlops.TrainingPerTile(trained, 1, classes, TileSize);
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Cardiomyocyte.TileClassifier ({values}), {forwardFlops / 1e6:0.0} MFLOP per tile forward; batch {batch}, {runs} interleaved run(s); channels-last loaded: {loaded.ChannelsLast}"));

        var peer = context.PyTorch(out var unavailable);
        string peerName = MatmulSuite.PeerName(peer);
        string[] peerVariants = { "base", "channels-last", "folded-cl" };
        if (peer is not null)
        {
            try
            {
                foreach (var name in peerVariants)
                {
                    peer.Send(new JsonObject
                    {
                        ["op"] = "network", ["name"] = name, ["batch"] = batch, ["tile"] = TileSize, ["depth"] = values.GetInt(TileClassifierModel.Depth),
                        ["width"] = values.GetInt(TileClassifierModel.BaseWidth), ["dropout"] = values.GetReal(TileClassifierModel.Dropout), ["seed"] = 0,
                        ["fold_batch_norm"] = name == "folded-cl", ["channels_last"] = name != "base",
                    });
                }
            }
            catch (PeerUnavailableException e)
            {
                context.PyTorchFailed(e);
                (peer, unavailable) = (null, e);
            }
        }

        // ---- Inference: CellOps before and as shipped, the levers, and PyTorch, interleaved run for run.
        // "Before" is the plugin's forward as it was: conv, batch norm, ReLU, pool, NCHW.
        using var before = new TileClassifierVariant(trained, fold: false, channelsLast: false);
        using var channelsLastOnly = new TileClassifierVariant(trained, fold: false, channelsLast: true);
        using var foldedOnly = new TileClassifierVariant(trained, fold: true, channelsLast: false);
        using var reordered = new TileClassifierVariant(trained, fold: true, channelsLast: true, reluAfterPool: true);
        Tensor Predict(nn.Module<Tensor, Tensor> network, Tensor inputs) => TilePredictor.PredictBatch(network, inputs);
        Tensor PredictInInferenceMode(Tensor inputs)
        {
            using var mode = inference_mode();
            using var logits = shipped.call(inputs);
            return nn.functional.softmax(logits, 1);
        }
        var variants = new List<Variant>
        {
            new("before", "inference before (NCHW, batch norm applied)", batch, x => Predict(before, x)),
            new("shipped", "inference as shipped", batch, x => Predict(shipped, x)),
            new("channels-last", "  lever: channels-last alone", batch, x => Predict(channelsLastOnly, x)),
            new("folded", "  lever: batch norm folded alone", batch, x => Predict(foldedOnly, x)),
            new("inference-mode", "  lever: shipped + inference_mode", batch, PredictInInferenceMode),
            new("folded-cl-pool", "  lever: shipped + ReLU after pool", batch, x => Predict(reordered, x)),
        };
        foreach (int size in quick ? new[] { 2, 8 } : new[] { 16, 32, 128, 256 })
        {
            variants.Add(new($"batch-{size}", $"  lever: shipped, batch {size}", size, x => Predict(shipped, x)));
        }
        if (context.Threads > 1)
        {
            variants.Add(new("threads-1", "  lever: shipped, 1 thread", batch, x => Predict(shipped, x), Threads: 1));
        }

        Func<double>? PeerInfer(string name) => peer is null ? null : () => peer.Seconds(new JsonObject { ["op"] = "infer", ["name"] = name, ["batches"] = inferenceTiles / batch });
        Func<double> Run(Variant v) => () => Infer(v, inferenceTiles, context.Threads);

        // The goal's pair on its own, so that each round runs the two sides back to back.
        var (headline, peerHeadline) = TimeWithPeer(context, warmup, headlineRuns,
            new[] { Run(variants[1]) }, new[] { PeerInfer("base") }, ref unavailable);
        var shippedFigure = Figure.Rate(inferenceTiles, headline[0]);
        Figure? peerInference = peerHeadline[0].Length > 0 ? Figure.Rate(inferenceTiles, peerHeadline[0]) : null;

        // Every lever, CellOps before, and PyTorch given the same levers.
        var (leverSeconds, peerLeverSeconds) = TimeWithPeer(context, warmup, runs,
            variants.Select(Run).ToArray(), peerVariants.Skip(1).Select(PeerInfer).ToArray(), ref unavailable);
        var figures = variants.Select((v, i) => Figure.Rate(v.TilesPerRun(inferenceTiles), leverSeconds[i])).ToList();
        var peerFigures = peerLeverSeconds.Select(s => s.Length > 0 ? Figure.Rate(inferenceTiles, s) : null).Prepend(peerInference).ToArray();
        Figure Find(string id) => figures[variants.FindIndex(v => v.Id == id)];

        // ---- Training: forward, cross entropy, backward, Adam step, as StandardTrainer does it; and the
        // same with the network in channels-last order (a lever: CellOps trains in NCHW).
        using var trainingInputs = randn(batch, 1, TileSize, TileSize);
        using var labels = randint(0, classes, new long[] { batch }, dtype: ScalarType.Int64);
        using var trainer = new TrainingSide(model, values, channelsLast: false);
        using var trainerChannelsLast = new TrainingSide(model, values, channelsLast: true);
        Func<double>? PeerTrain(string name) => peer is null || unavailable is not null ? null
            : () => peer.Seconds(new JsonObject { ["op"] = "train", ["name"] = name, ["batches"] = trainingBatches });
        // Sides in pairs (CellOps NCHW, PyTorch NCHW, CellOps channels-last, PyTorch channels_last), so
        // that most rounds run each pair back to back.
        var (trainingSeconds, peerTrainingSeconds) = TimeWithPeer(context, warmup, headlineRuns,
            new Func<double>[] { () => trainer.Run(trainingInputs, labels, trainingBatches), () => trainerChannelsLast.Run(trainingInputs, labels, trainingBatches) },
            new[] { PeerTrain("base"), PeerTrain("channels-last") }, ref unavailable, interleavePairs: true);
        var training = Figure.Rate(trainingBatches * batch, trainingSeconds[0]);
        var trainingChannelsLast = Figure.Rate(trainingBatches * batch, trainingSeconds[1]);
        Figure? peerTraining = peerTrainingSeconds[0].Length > 0 ? Figure.Rate(trainingBatches * batch, peerTrainingSeconds[0]) : null;
        Figure? peerTrainingChannelsLast = peerTrainingSeconds[1].Length > 0 ? Figure.Rate(trainingBatches * batch, peerTrainingSeconds[1]) : null;

        // ---- Rows.
        var report = context.Report;
        report.Add(new BenchRow
        {
            Id = "network.inference",
            Benchmark = $"Cardiomyocyte inference, batch {batch}",
            Unit = "tiles/s",
            CellOps = shippedFigure,
            Peer = peerInference,
            PeerName = peerName,
            PeerMissing = unavailable?.Status,
            Goal = Goal.RatioAtLeast(2.0),
            Note = unavailable?.Message ?? $"{context.Threads} thread(s), 1x{TileSize}x{TileSize} tiles, softmax included; CellOps as Invoke-CellModel runs it "
                + $"(batch norm folded, channels-last: {loaded.ChannelsLast}), PyTorch eval() under inference_mode, NCHW",
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
            Note = unavailable?.Message ?? "forward + cross entropy + backward + Adam step, NCHW on both sides",
        });
        AddFlopRows(context, shippedFigure, peerInference, training, peerTraining, forwardFlops, trainingFlops, peerName, unavailable);

        var beforeFigure = Find("before");
        foreach (var (variant, figure) in variants.Zip(figures))
        {
            if (variant.Id == "before") continue;
            report.Add(new BenchRow
            {
                Id = variant.Id == "shipped" ? "network.shipped-vs-before" : $"network.lever.{variant.Id}",
                Benchmark = variant.Id == "shipped" ? "  shipped (folded + channels-last) vs before" : variant.Label,
                Unit = "tiles/s",
                CellOps = figure,
                Peer = beforeFigure,
                PeerName = "CellOps before",
            });
        }
        report.Add(new BenchRow
        {
            Id = "network.lever.training-channels-last",
            Benchmark = "  lever: training channels-last",
            Unit = "tiles/s",
            CellOps = trainingChannelsLast,
            Peer = training,
            PeerName = "CellOps NCHW",
            Note = "the network's convolution weights re-laid channels-last before the optimizer is made",
        });
        if (peerTrainingChannelsLast is not null)
        {
            report.Add(new BenchRow
            {
                Id = "network.peer.training-channels-last",
                Benchmark = "  PyTorch training, channels_last",
                Unit = "tiles/s",
                CellOps = trainingChannelsLast,
                Peer = peerTrainingChannelsLast,
                PeerName = peerName,
                Note = "both sides training in channels-last order: like for like",
            });
        }
        foreach (var (peerVariant, label, cellOpsVariant, note) in new[]
        {
            ("channels-last", "  PyTorch, channels_last", "channels-last", "PyTorch model and input in channels_last, against CellOps channels-last alone: like for like"),
            ("folded-cl", "  PyTorch, folded + channels_last", "shipped", "PyTorch fuse_conv_bn_eval + channels_last, against CellOps as shipped (folded + channels-last): like for like"),
        })
        {
            int p = Array.IndexOf(peerVariants, peerVariant);
            if (peerFigures[p] is null) continue;
            report.Add(new BenchRow
            {
                Id = $"network.peer.{peerVariant}",
                Benchmark = label,
                Unit = "tiles/s",
                CellOps = Find(cellOpsVariant),
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
            string note = string.Create(CultureInfo.InvariantCulture, $"{flops / 1e6:0.0} MFLOP per tile");
            if (matmul is { } m)
            {
                note += string.Create(CultureInfo.InvariantCulture, $"; CellOps {100 * rate.Median / m.CellOps:0}% of its matmul rate ({m.CellOps:0.0} GFLOP/s)");
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
    /// <param name="interleavePairs">Order the sides CellOps, peer, CellOps, peer (same counts) rather than all CellOps' first.</param>
    private static (double[][] CellOps, double[][] Peer) TimeWithPeer(HarnessContext context, int warmup, int runs,
        IReadOnlyList<Func<double>> cellOps, IReadOnlyList<Func<double>?> peer, ref PeerUnavailableException? unavailable, bool interleavePairs = false)
    {
        try
        {
            if (interleavePairs)
            {
                var sides = cellOps.Zip(peer, (c, p) => new[] { c, p }).SelectMany(pair => pair).ToArray();
                var paired = Interleaved.Time(warmup, runs, sides);
                return (paired.Where((_, i) => i % 2 == 0).ToArray(), paired.Where((_, i) => i % 2 == 1).ToArray());
            }
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

    /// <summary>One timed run of a variant: enough batches of random tiles for <paramref name="tiles"/>, probabilities copied out as TilePredictor does.</summary>
    private static double Infer(Variant variant, int tiles, int threads)
    {
        using var inputs = randn(variant.Batch, 1, TileSize, TileSize);
        var probabilities = new float[variant.Batch * 2];
        int batches = Math.Max(1, tiles / variant.Batch);
        if (variant.Threads is int t) torch.set_num_threads(t);
        try
        {
            return Interleaved.Seconds(() =>
            {
                for (int b = 0; b < batches; b++)
                {
                    using var scope = NewDisposeScope();
                    using var soft = variant.Forward(inputs);
                    MemoryMarshal.Cast<byte, float>(soft.bytes).CopyTo(probabilities);
                }
            });
        }
        finally
        {
            if (variant.Threads is not null) torch.set_num_threads(threads);
        }
    }

    /// <summary>A freshly initialised network and its Adam optimizer, trained on one fixed batch.</summary>
    private sealed class TrainingSide : IDisposable
    {
        private readonly TileClassifierModel _model;
        private readonly TileClassifierNetwork _network;
        private readonly OptimizerHelper _optimizer;

        public TrainingSide(TileClassifierModel model, HyperParameterValues values, bool channelsLast)
        {
            _model = model;
            torch.random.manual_seed(0);
            _network = (TileClassifierNetwork)model.CreateNetwork(values);
            if (channelsLast) ChannelsLast.Apply(_network);
            _optimizer = optim.Adam(_network.parameters(), lr: values.GetReal(TileClassifierModel.LearningRate),
                weight_decay: values.GetReal(TileClassifierModel.WeightDecay));
        }

        /// <summary>Seconds for <paramref name="batches"/> training steps.</summary>
        public double Run(Tensor inputs, Tensor labels, int batches) => Interleaved.Seconds(() =>
        {
            _network.train();
            for (int b = 0; b < batches; b++)
            {
                using var scope = NewDisposeScope();
                _optimizer.zero_grad();
                var loss = _model.ComputeLoss(_network.call(inputs), labels, null);
                loss.item<float>();
                loss.backward();
                _optimizer.step();
            }
        });

        public void Dispose()
        {
            _optimizer.Dispose();
            _network.Dispose();
        }
    }

    /// <summary>One inference configuration: its batch, its forward (probabilities out), and its thread count where it sets one.</summary>
    private sealed record Variant(string Id, string Label, int Batch, Func<Tensor, Tensor> Forward, int? Threads = null)
    {
        public int TilesPerRun(int tiles) => Math.Max(1, tiles / Batch) * Batch;
    }
}
