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
using CellOps.Runtime.Training;
using CellOps.Sdk.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// The Cardiomyocyte tile classifier (the built-in plugin's network at its defaults: 4 blocks of
/// 32-64-128-256 channels on 1×64×64 tiles) against the same network in PyTorch: inference and
/// training tiles/s at batch 64, each network's achieved GFLOP/s as a share of the matmul rate, and
/// the cheap inference levers (channels-last, batch-norm folding, the OpenMP wait policy, inference
/// mode, batch size, threads) against CellOps' inference before them, with PyTorch given the same.
/// Then every other built-in plugin's network the same way, without levers (NetworkSuite.Plugins.cs).
/// </summary>
/// <remarks>
/// "Shipped" inference is what Invoke-CellModel runs: the package loaded by <see cref="LoadedModel"/>
/// (channels-last on the CPU, the plugin folding its batch norms in evaluation mode, torch's threads
/// waiting passively) and each batch through <see cref="TilePredictor.PredictBatch"/>. "Before" is the
/// same weights through the plugin's earlier forward (batch norm applied after each convolution) in
/// NCHW order. Sides are timed interleaved, run for run; the goal pairs in groups of their own so
/// that each round runs them back to back.
/// </remarks>
internal sealed partial class NetworkSuite : ISuite
{
    private const int TileSize = 64;

    public string Name => "network";

    public void Run(HarnessContext context)
    {
        bool quick = context.Quick;
        int batch = quick ? 4 : 64;
        int inferenceTiles = quick ? 4 : 128;   // per timed run of a lever
        int headlineTiles = quick ? 4 : 256;    // per timed run of the goal pair: longer runs, steadier ratio
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
        string? waitPolicy = OpenMpWaitPolicy.ChosenByCellOps;
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Cardiomyocyte.TileClassifier ({values}), {forwardFlops / 1e6:0.0} MFLOP per tile forward; batch {batch}; "
            + $"channels-last: {loaded.ChannelsLast}; OpenMP wait policy chosen by CellOps: {waitPolicy ?? "none (the environment's)"}; glibc heap thresholds raised by CellOps: {NativeHeap.TunedByCellOps}"));

        // PyTorch as users run it, and (where CellOps chose a wait policy) PyTorch with the same policy.
        var peers = new Peers(context, batch, values);
        peers.Start(null, "base", "channels-last", "folded-cl");
        if (waitPolicy is not null) peers.Start(waitPolicy, "channels-last", "folded-cl");

        // ---- Inference: CellOps before and as shipped, each lever, and PyTorch.
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
            new("relu-after-pool", "  lever: shipped + ReLU after pool", batch, x => Predict(reordered, x)),
        };
        foreach (int size in quick ? new[] { 2, 8 } : new[] { 16, 32, 128, 256 })
        {
            variants.Add(new($"batch-{size}", $"  lever: shipped, batch {size}", size, x => Predict(shipped, x)));
        }
        if (context.Threads > 1)
        {
            variants.Add(new("threads-1", "  lever: shipped, 1 thread", batch, x => Predict(shipped, x), Threads: 1));
        }
        Side CellOpsSide(Variant v, int tiles) => new(v.Id, v.TilesPerRun(tiles), () => Infer(v, tiles, context.Threads));

        context.Log.WriteLine($"  inference: goal pair {headlineRuns} runs, levers {runs} runs, interleaved");
        var headline = Measure(context, peers, warmup, headlineRuns, new[]
        {
            CellOpsSide(variants[1], headlineTiles),
            peers.Infer(null, "base", headlineTiles),
        });
        var levers = Measure(context, peers, warmup, runs, variants.Select(v => CellOpsSide(v, inferenceTiles))
            .Append(peers.Infer(null, "channels-last", inferenceTiles))
            .Append(peers.Infer(null, "folded-cl", inferenceTiles))
            .Append(waitPolicy is null ? null : peers.Infer(waitPolicy, "folded-cl", inferenceTiles))
            .ToArray());

        // The wait policy only takes effect when torch loads: as shipped in child processes, with CellOps'
        // choice and with libgomp's default (GOMP_SPINCOUNT=300000 is that default, and makes CellOps leave it).
        Figure? passiveChild = null, defaultChild = null;
        if (waitPolicy is not null)
        {
            (passiveChild, defaultChild) = WaitPolicyLever(context, package, batch, inferenceTiles, quick);
        }

        // ---- Training: forward, cross entropy, backward, Adam step, as StandardTrainer does it (channels-last
        // batches on the CPU), and as it did before (NCHW batches).
        using var trainingInputs = randn(batch, 1, TileSize, TileSize);
        using var labels = randint(0, classes, new long[] { batch }, dtype: ScalarType.Int64);
        using var trainer = new TrainingSide(model, values, channelsLastBatches: true);
        using var trainerBefore = new TrainingSide(model, values, channelsLastBatches: false);
        context.Log.WriteLine($"  training: {headlineRuns} interleaved runs");
        int trainingTiles = trainingBatches * batch;
        var training = Measure(context, peers, warmup, headlineRuns, new[]
        {
            new Side("train", trainingTiles, () => trainer.Run(trainingInputs, labels, trainingBatches)),
            peers.Train(null, "base", trainingBatches),
            new Side("train-before", trainingTiles, () => trainerBefore.Run(trainingInputs, labels, trainingBatches)),
            peers.Train(null, "channels-last", trainingBatches),
            waitPolicy is null ? null : peers.Train(waitPolicy, "channels-last", trainingBatches),
        });

        // ---- Rows.
        var report = context.Report;
        string peerName = peers.Name;
        var (peerMissing, peerNote) = peers.Missing(null);
        report.Add(new BenchRow
        {
            Id = "network.inference",
            Benchmark = $"Cardiomyocyte inference, batch {batch}",
            Unit = "tiles/s",
            CellOps = headline["shipped"],
            Peer = headline.GetValueOrDefault(Peers.Key(null, "infer", "base")),
            PeerName = peerName,
            PeerMissing = peerMissing,
            Goal = Goal.RatioAtLeast(2.0),
            Note = peerNote ?? $"{context.Threads} thread(s), 1x{TileSize}x{TileSize} tiles, softmax included; CellOps as Invoke-CellModel runs it "
                + $"(batch norm folded, channels-last: {loaded.ChannelsLast}, OpenMP wait: {waitPolicy ?? "default"}); PyTorch eval() under inference_mode, NCHW, OpenMP defaults",
        });
        report.Add(new BenchRow
        {
            Id = "network.training",
            Benchmark = $"Cardiomyocyte training, batch {batch}",
            Unit = "tiles/s",
            CellOps = training["train"],
            Peer = training.GetValueOrDefault(Peers.Key(null, "train", "base")),
            PeerName = peerName,
            PeerMissing = peerMissing,
            Goal = Goal.RatioAtLeast(1.2),
            Note = peerNote ?? $"forward + cross entropy + backward + Adam step; CellOps as StandardTrainer runs it (channels-last batches, OpenMP wait: {waitPolicy ?? "default"}); PyTorch NCHW, OpenMP defaults",
        });
        AddFlopRows(context, headline["shipped"]!, headline.GetValueOrDefault(Peers.Key(null, "infer", "base")), training["train"]!,
            training.GetValueOrDefault(Peers.Key(null, "train", "base")), forwardFlops, trainingFlops, peerName, peerMissing);

        var beforeFigure = levers["before"];
        foreach (var variant in variants.Skip(1))
        {
            report.Add(new BenchRow
            {
                Id = variant.Id == "shipped" ? "network.shipped-vs-before" : $"network.lever.{variant.Id}",
                Benchmark = variant.Id == "shipped" ? "  shipped vs before (same process)" : variant.Label,
                Unit = "tiles/s",
                CellOps = levers[variant.Id],
                Peer = beforeFigure,
                PeerName = "CellOps before",
            });
        }
        if (passiveChild is not null)
        {
            report.Add(new BenchRow
            {
                Id = "network.lever.wait-policy",
                Benchmark = $"  lever: OpenMP wait {waitPolicy} (own processes)",
                Unit = "tiles/s",
                CellOps = passiveChild,
                Peer = defaultChild,
                PeerName = "libgomp default",
                Note = "inference as shipped in child processes, alternating: CellOps' choice against GOMP_SPINCOUNT=300000 (libgomp's default spin)",
            });
        }
        report.Add(new BenchRow
        {
            Id = "network.training-vs-before",
            Benchmark = "  training as shipped vs before",
            Unit = "tiles/s",
            CellOps = training["train"],
            Peer = training["train-before"],
            PeerName = "CellOps before",
            Note = "before: NCHW batches (the weights are NCHW in both)",
        });

        // PyTorch given the same levers: what is CellOps' own, and what is the libraries underneath.
        foreach (var (id, label, cellOps, peerKey, note) in new[]
        {
            ("network.peer.channels-last", "  PyTorch, channels_last", levers["channels-last"], Peers.Key(null, "infer", "channels-last"),
                "PyTorch model and input in channels_last, against CellOps channels-last alone"),
            ("network.peer.folded-cl", "  PyTorch, folded + channels_last", levers["shipped"], Peers.Key(null, "infer", "folded-cl"),
                "PyTorch fuse_conv_bn_eval + channels_last, OpenMP defaults, against CellOps as shipped"),
            ("network.peer.all-levers", $"  PyTorch, folded + c_last + {waitPolicy} wait", levers["shipped"], Peers.Key(waitPolicy, "infer", "folded-cl"),
                $"PyTorch with all of CellOps' inference levers{HarnessContext.HeapLever}, against CellOps as shipped: like for like"),
            ("network.peer.training-channels-last", "  PyTorch training, channels_last", training["train"], Peers.Key(null, "train", "channels-last"),
                "PyTorch model and batches in channels_last, OpenMP defaults, against CellOps as shipped"),
            ("network.peer.training-all-levers", $"  PyTorch training, c_last + {waitPolicy} wait", training["train"], Peers.Key(waitPolicy, "train", "channels-last"),
                $"PyTorch with all of CellOps' training levers{HarnessContext.HeapLever}, against CellOps as shipped: like for like"),
        })
        {
            if (waitPolicy is null && id is "network.peer.all-levers" or "network.peer.training-all-levers") continue;
            var peerFigure = levers.GetValueOrDefault(peerKey) ?? training.GetValueOrDefault(peerKey);
            if (peerFigure is null) continue;
            report.Add(new BenchRow { Id = id, Benchmark = label, Unit = "tiles/s", CellOps = cellOps, Peer = peerFigure, PeerName = peerName, Note = note });
        }

        // Fewer rounds than the goal pairs: these rows only inform, and four networks would otherwise double the suite.
        foreach (var network in PluginNetwork.BuiltIn())
        {
            MeasurePluginNetwork(context, peers, network, waitPolicy, batch, headlineTiles, trainingBatches, warmup, quick ? 1 : 5);
        }
    }

    /// <summary>Achieved GFLOP/s of inference and training (rows <paramref name="idPrefix"/>.inference-gflops and .training-gflops), with their share of the matmul rate.</summary>
    internal static void AddFlopRows(HarnessContext context, Figure inference, Figure? peerInference, Figure training, Figure? peerTraining,
        double forwardFlops, double trainingFlops, string peerName, string? peerMissing, string idPrefix = "network")
    {
        var matmul = context.MatmulGflops;
        foreach (var (id, label, cellOps, peer, flops) in new[]
        {
            ($"{idPrefix}.inference-gflops", "  inference achieved", inference, peerInference, forwardFlops),
            ($"{idPrefix}.training-gflops", "  training achieved", training, peerTraining, trainingFlops),
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
                PeerMissing = peerMissing,
                Note = note,
            });
        }
    }

    /// <summary>
    /// Times the sides interleaved; where a peer fails midway it is marked failed and the remaining sides
    /// are timed again without it. Returns each side's figure by key (absent for a failed peer's sides).
    /// </summary>
    internal static Dictionary<string, Figure?> Measure(HarnessContext context, Peers peers, int warmup, int runs, IReadOnlyList<Side?> sides)
    {
        var live = sides.OfType<Side>().ToList();
        while (true)
        {
            try
            {
                var seconds = Interleaved.Time(warmup, runs, live.Select(s => (Func<double>?)s.Run).ToArray());
                return live.Select((s, i) => (s.Key, Figure: (Figure?)Figure.Rate(s.Work, seconds[i]))).ToDictionary(p => p.Key, p => p.Figure);
            }
            catch (PeerUnavailableException e) when (peers.Fail(e) is { } failedPeer)
            {
                live.RemoveAll(s => s.Peer == failedPeer);
                warmup = 0;
                context.Log.WriteLine($"  a PyTorch peer failed ({e.Message}); timing the other sides again without it");
            }
        }
    }

    /// <summary>Inference as shipped in child processes, alternating CellOps' wait policy and libgomp's default.</summary>
    private static (Figure Chosen, Figure Default) WaitPolicyLever(HarnessContext context, string package, int batch, int tiles, bool quick)
    {
        int rounds = quick ? 1 : 2, runsPerChild = quick ? 1 : 3;
        context.Log.WriteLine($"  OpenMP wait policy: {rounds} round(s) of two child processes, {runsPerChild} runs each");
        string[] arguments = { InferenceChild.Name, package, context.Threads.ToString(CultureInfo.InvariantCulture), batch.ToString(CultureInfo.InvariantCulture),
            tiles.ToString(CultureInfo.InvariantCulture), "1", runsPerChild.ToString(CultureInfo.InvariantCulture) };
        var libgompDefault = new Dictionary<string, string> { [OpenMpWaitPolicy.SpinCountVariable] = "300000" };
        var chosen = new List<double>();
        var standard = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            // Alternate which goes first, as the interleaved runs do.
            foreach (bool useDefault in round % 2 == 0 ? new[] { false, true } : new[] { true, false })
            {
                var result = SelfProcess.Run(arguments, useDefault ? libgompDefault : null);
                var seconds = result["seconds"]!.AsArray().Select(v => v!.GetValue<double>());
                (useDefault ? standard : chosen).AddRange(seconds);
            }
        }
        int work = Math.Max(1, tiles / batch) * batch;
        return (Figure.Rate(work, chosen), Figure.Rate(work, standard));
    }

    /// <summary>One timed run of a variant: enough batches of random tiles for <paramref name="tiles"/>, probabilities copied out as TilePredictor does.</summary>
    internal static double Infer(Variant variant, int tiles, int threads)
    {
        using var inputs = randn(variant.Batch, variant.Channels, variant.Tile, variant.Tile);
        // Sized at the first batch: a dense model's output holds every cell's distribution, not one per tile.
        float[]? probabilities = null;
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
                    probabilities ??= new float[soft.NumberOfElements];
                    MemoryMarshal.Cast<byte, float>(soft.bytes).CopyTo(probabilities);
                }
            });
        }
        finally
        {
            if (variant.Threads is not null) torch.set_num_threads(threads);
        }
    }

    /// <summary>One side of an interleaved measurement: its key, the work one run does, the run, and the peer it belongs to (null for CellOps).</summary>
    internal sealed record Side(string Key, double Work, Func<double> Run, PyTorchPeer? Peer = null);

    /// <summary>One inference configuration: its batch, its forward (probabilities out), its thread count where it sets one, its input channels and tile size.</summary>
    internal sealed record Variant(string Id, string Label, int Batch, Func<Tensor, Tensor> Forward, int? Threads = null, int Channels = 1, int Tile = TileSize)
    {
        public int TilesPerRun(int tiles) => Math.Max(1, tiles / Batch) * Batch;
    }

    /// <summary>The PyTorch peers of a network measurement (by OpenMP wait policy), their networks, and which failed; the translation-network suite shares them.</summary>
    internal sealed class Peers
    {
        private readonly HarnessContext _context;
        private readonly int _batch;
        private readonly HyperParameterValues _values;
        private readonly Dictionary<string, PyTorchPeer> _started = new();
        private readonly Dictionary<string, PeerUnavailableException> _failed = new();

        public Peers(HarnessContext context, int batch, HyperParameterValues values)
        {
            _context = context;
            _batch = batch;
            _values = values;
        }

        public string Name => MatmulSuite.PeerName(_started.GetValueOrDefault(""));

        public static string Key(string? waitPolicy, string op, string network) => $"pytorch[{waitPolicy ?? "default"}].{op}.{network}";

        /// <summary>Starts the peer with <paramref name="waitPolicy"/> and sets up the named networks.</summary>
        public void Start(string? waitPolicy, params string[] networks)
        {
            var peer = _context.PyTorch(waitPolicy, out var unavailable);
            if (peer is null)
            {
                _failed[waitPolicy ?? ""] = unavailable!;
                return;
            }
            try
            {
                foreach (var name in networks)
                {
                    peer.Send(new JsonObject
                    {
                        ["op"] = "network", ["name"] = name, ["batch"] = _batch, ["tile"] = TileSize, ["depth"] = _values.GetInt(TileClassifierModel.Depth),
                        ["width"] = _values.GetInt(TileClassifierModel.BaseWidth), ["dropout"] = _values.GetReal(TileClassifierModel.Dropout), ["seed"] = 0,
                        ["fold_batch_norm"] = name == "folded-cl", ["channels_last"] = name != "base",
                    });
                }
                _started[waitPolicy ?? ""] = peer;
            }
            catch (PeerUnavailableException e)
            {
                _failed[waitPolicy ?? ""] = e;
                _context.PyTorchFailed(e, waitPolicy);
            }
        }

        /// <summary>
        /// Sets up one more network (a peer.py "network" request) on the already started peer with
        /// <paramref name="waitPolicy"/>; returns its parameter count, or null where that peer is missing
        /// or fails here (it is then marked failed, as in <see cref="Fail"/>).
        /// </summary>
        public long? AddNetwork(string? waitPolicy, JsonObject request) => SetUp(waitPolicy, request)?["parameters"]?.GetValue<long>();

        /// <summary>As <see cref="AddNetwork"/>, returning peer.py's whole reply (null where the peer is missing or fails).</summary>
        public JsonObject? SetUp(string? waitPolicy, JsonObject request)
        {
            if (!_started.TryGetValue(waitPolicy ?? "", out var peer)) return null;
            try
            {
                return peer.Send(request);
            }
            catch (PeerUnavailableException e)
            {
                Fail(e);
                return null;
            }
        }

        public Side? Infer(string? waitPolicy, string network, int tiles) =>
            _started.TryGetValue(waitPolicy ?? "", out var peer)
                ? new Side(Key(waitPolicy, "infer", network), tiles, () => peer.Seconds(new JsonObject { ["op"] = "infer", ["name"] = network, ["batches"] = Math.Max(1, tiles / _batch) }), peer)
                : null;

        public Side? Train(string? waitPolicy, string network, int batches) =>
            _started.TryGetValue(waitPolicy ?? "", out var peer)
                ? new Side(Key(waitPolicy, "train", network), batches * _batch, () => peer.Seconds(new JsonObject { ["op"] = "train", ["name"] = network, ["batches"] = batches }), peer)
                : null;

        /// <summary>Marks the peer that raised <paramref name="failure"/> as failed; returns it.</summary>
        public PyTorchPeer? Fail(PeerUnavailableException failure)
        {
            foreach (var (key, peer) in _started)
            {
                if (!peer.HasFailed) continue;
                _started.Remove(key);
                _failed[key] = failure;
                _context.PyTorchFailed(failure, key.Length == 0 ? null : key);
                return peer;
            }
            return null;
        }

        /// <summary>The result text and note for rows whose peer (by wait policy) has no figures.</summary>
        public (string? Status, string? Note) Missing(string? waitPolicy) =>
            _failed.TryGetValue(waitPolicy ?? "", out var e) ? (e.Status, e.Message) : (null, null);
    }

    /// <summary>
    /// A freshly initialised network and its Adam optimizer, trained on one fixed batch as StandardTrainer
    /// trains: channels-last batches on the CPU where asked and where the trainer's probe accepts them.
    /// </summary>
    internal sealed class TrainingSide : IDisposable
    {
        private readonly ISupervisedModel _model;
        private readonly nn.Module<Tensor, Tensor> _network;
        private readonly OptimizerHelper _optimizer;
        private readonly bool _channelsLastBatches;
        private bool? _channelsLast;

        public TrainingSide(ISupervisedModel model, HyperParameterValues values, bool channelsLastBatches)
        {
            _model = model;
            _channelsLastBatches = channelsLastBatches;
            torch.random.manual_seed(0);
            _network = model.CreateNetwork(values);
            // The names and fallbacks ModelTrainer and StandardTrainer read.
            _optimizer = CellOps.Sdk.Torch.Optimizers.Adam(_network.parameters(), lr: values.TryGetValue("LearningRate", out var lr) ? lr : StandardTrainer.DefaultLearningRate,
                weightDecay: values.TryGetValue("WeightDecay", out var decay) ? decay : 0);
        }

        /// <summary>Whether the batches go in channels-last (known after the first run, which probes as the trainer does).</summary>
        public bool? UsesChannelsLast => _channelsLast;

        /// <summary>Seconds for <paramref name="batches"/> training steps.</summary>
        public double Run(Tensor inputs, Tensor labels, int batches) => Interleaved.Seconds(() =>
        {
            _network.train();
            _channelsLast ??= _channelsLastBatches && ChannelsLast.AcceptsInput(_network, inputs.narrow(0, 0, Math.Min(2, inputs.shape[0])));
            for (int b = 0; b < batches; b++)
            {
                using var scope = NewDisposeScope();
                _optimizer.zero_grad();
                var loss = _model.ComputeLoss(_network.call(_channelsLast == true ? ChannelsLast.Layout(inputs) : inputs), labels, null);
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
}
