using System.Globalization;
using System.Runtime.InteropServices;
using CellOps.Benchmarks.Report;
using CellOps.Benchmarks.Support;
using CellOps.Plugins.CancerStemCell;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Torch;
using TorchSharp;
using static TorchSharp.torch;
using static CellOps.Benchmarks.Suites.NetworkSuite;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// CancerStemCell.Pix2Pix's networks as the phase-to-fluorescence example trains them (13 phase planes to
/// DAPI and MAP2, 128-pixel tiles, widths 16, <see cref="TranslationNetwork"/>) against the same
/// generator and discriminator in PyTorch: the generator's inference and the pix2pix training step
/// (discriminator step, then generator step) in tiles/s, each side's achieved GFLOP/s, PyTorch given
/// CellOps' levers, and two layouts of CellOps' own inference against it as shipped.
/// </summary>
/// <remarks>
/// Inference is the network alone, as TranslationPredictor runs each batch (the package loaded by
/// <see cref="LoadedModel"/>, channels-last where its probe accepts it, under no_grad, the images copied
/// out); the tiling and blending around it are the translation-image suite's. Training is the plugin's
/// own loop (<see cref="Pix2PixModel.Train"/>, TranslationLoop) over one epoch of identical ready
/// batches per timed run: the host's batches are NCHW, so no channels-last there, and the loop makes its
/// two Adam optimisers at the start of each run (the peer keeps its own across runs).
/// </remarks>
internal sealed class TranslationNetworkSuite : ISuite
{
    public string Name => "translation-network";

    public void Run(HarnessContext context)
    {
        bool quick = context.Quick;
        int batch = quick ? 2 : 8;
        int warmup = 1, runs = quick ? 1 : 7;
        // Debian's PyTorch runs these networks an order of magnitude slower than CellOps (its transposed
        // convolutions go through the generic BLAS), so its runs get less work: each side's run lasts
        // about as long, and the figures are rates.
        int inferenceTiles = quick ? batch : 16 * batch, peerInferenceTiles = quick ? batch : 2 * batch;
        int trainingBatches = quick ? 1 : 4, peerTrainingBatches = 1;

        var network = new TranslationNetwork();
        string package = Path.Combine(context.WorkFolder, "pix2pix.cellmodel");
        network.WritePackage(package, seed: 0);
        var compute = ComputeContext.Create(DevicePreference.Cpu, context.Threads);
        using var opened = ModelPackage.Open(package, CellOps.Sdk.SdkVersion.Current);
        using var loaded = LoadedModel.Load(opened, network.Model, compute);
        var gan = (Pix2PixNetwork)loaded.Network;
        long generatorParameters = gan.Generator.parameters().Sum(p => p.numel());
        long parameters = gan.parameters().Sum(p => p.numel());
        string? waitPolicy = OpenMpWaitPolicy.ChosenByCellOps;

        // PyTorch as users run it, and given CellOps' levers: channels_last and its wait policy for
        // inference, the wait policy alone for training (CellOps trains this network in NCHW).
        var peers = new NetworkSuite.Peers(context, batch, network.Values);
        peers.Start(null);
        if (waitPolicy is not null) peers.Start(waitPolicy);
        const string plain = "pix2pix", inferenceTuned = "pix2pix-cl", trainingTuned = "pix2pix-wait";
        var reply = peers.SetUp(null, network.PeerRequest(plain, batch, channelsLast: false));
        peers.SetUp(waitPolicy, network.PeerRequest(inferenceTuned, batch, channelsLast: true));
        if (waitPolicy is not null) peers.SetUp(waitPolicy, network.PeerRequest(trainingTuned, batch, channelsLast: false));
        string peerCheck = reply?["parameters"]?.GetValue<long>() is long peerAll && reply["generator_parameters"]?.GetValue<long>() is long peerGenerator
            ? $" (PyTorch: {peerGenerator} and {peerAll}{(peerGenerator == generatorParameters && peerAll == parameters ? "" : ", DIFFERENT LAYERS")})"
            : "";
        double forwardFlops = network.GeneratorFlops, trainingFlops = network.TrainingFlops;
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {network.Label} ({network.Values}), {TranslationNetwork.InputChannels}->{TranslationNetwork.OutputChannels} channels, {network.TileSize}-px tiles, batch {batch}: "
            + $"{forwardFlops / 1e6:0.0} MFLOP per tile forward, {trainingFlops / 1e6:0.0} per training step; {generatorParameters} generator parameters, "
            + $"{parameters} with the discriminator{peerCheck}; channels-last: {loaded.ChannelsLast}; OpenMP wait: {waitPolicy ?? "default"}; {runs} interleaved runs"));

        // ---- Inference: each batch as TranslationPredictor.RunBatch runs it; and two layouts against it:
        // NCHW throughout (the channels-last lever off), and the transposed convolutions' weights re-laid
        // too (ChannelsLast.Apply re-lays only Conv2d weights).
        using var tiles = randn(batch, TranslationNetwork.InputChannels, network.TileSize, network.TileSize);
        var images = new float[batch * TranslationNetwork.OutputChannels * network.TileSize * network.TileSize];
        using var nchw = LoadedModel.Load(opened, network.Model, compute);
        ChannelsLast.Revert(nchw.Network);
        using var allRelaid = LoadedModel.Load(opened, network.Model, compute);
        int transposed = RelayTransposed(allRelaid.Network);
        // The layouts change strides only: they must make the same images (to float rounding).
        float LargestDifference(LoadedModel model)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return model.Network.call(tiles).add(loaded.Network.call(tiles), Scalars.Of(-1.0)).abs().max().item<float>();
        }
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  largest difference from the shipped images: NCHW {LargestDifference(nchw):g3}, transposed convolutions re-laid ({transposed}) {LargestDifference(allRelaid):g3}"));
        Func<double> Infer(LoadedModel model) => () => Interleaved.Seconds(() =>
        {
            var generator = model.Network;
            generator.eval();
            for (int b = 0; b < inferenceTiles / batch; b++)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var values = generator.call(tiles).to(CPU).contiguous();
                MemoryMarshal.Cast<byte, float>(values.bytes).CopyTo(images);
            }
        });
        var inference = Measure(context, peers, warmup, runs, new[]
        {
            new Side("cellops.infer", inferenceTiles, Infer(loaded)),
            peers.Infer(null, plain, peerInferenceTiles),
            peers.Infer(waitPolicy, inferenceTuned, peerInferenceTiles),
            new Side("cellops.infer-nchw", inferenceTiles, Infer(nchw)),
            new Side("cellops.infer-transposed-relaid", inferenceTiles, Infer(allRelaid)),
        });

        // ---- Training: the plugin's loop on a fresh network, one fixed batch of tiles and target images in −1..1.
        using var trained = network.CreateNetwork(seed: 0);
        using var inputs = randn(batch, TranslationNetwork.InputChannels, network.TileSize, network.TileSize);
        using var targets = empty(batch, TranslationNetwork.OutputChannels, network.TileSize, network.TileSize).uniform_(-1, 1);
        var run = new FixedBatchTrainingContext(network.Values, TranslationNetwork.LearningRate, inputs, targets, trainingBatches);
        var training = Measure(context, peers, warmup, runs, new[]
        {
            new Side("cellops.train", trainingBatches * batch, () => Interleaved.Seconds(() => network.Model.Train(trained, run))),
            peers.Train(null, plain, peerTrainingBatches),
            waitPolicy is null ? null : peers.Train(waitPolicy, trainingTuned, peerTrainingBatches),
        });

        // ---- Rows.
        var report = context.Report;
        string peerName = peers.Name;
        var (peerMissing, peerNote) = peers.Missing(null);
        var peerInference = inference.GetValueOrDefault(NetworkSuite.Peers.Key(null, "infer", plain));
        var peerTraining = training.GetValueOrDefault(NetworkSuite.Peers.Key(null, "train", plain));
        string shape = $"{TranslationNetwork.InputChannels}x{network.TileSize}x{network.TileSize} tiles to {TranslationNetwork.OutputChannels} images";
        report.Add(new BenchRow
        {
            Id = "translation-network.inference",
            Benchmark = $"{network.Label} generator inference, batch {batch}",
            Unit = "tiles/s",
            CellOps = inference["cellops.infer"],
            Peer = peerInference,
            PeerName = peerName,
            PeerMissing = peerMissing,
            Goal = Goal.RatioAtLeast(1.0),
            Note = peerNote ?? $"{shape}; U-Net width {network.Width}, depth {network.Depth}, batch norm; CellOps as TranslationPredictor runs each batch "
                + $"(LoadedModel, no_grad, images copied out; channels-last: {loaded.ChannelsLast}, OpenMP wait: {waitPolicy ?? "default"}); "
                + "PyTorch eval() under inference_mode, NCHW, OpenMP defaults",
        });
        report.Add(new BenchRow
        {
            Id = "translation-network.training",
            Benchmark = $"{network.Label} training step, batch {batch}",
            Unit = "tiles/s",
            CellOps = training["cellops.train"],
            Peer = peerTraining,
            PeerName = peerName,
            PeerMissing = peerMissing,
            Goal = Goal.RatioAtLeast(1.0),
            Note = peerNote ?? $"discriminator step (BCE with logits on real and generated pairs) + generator step (BCE + λ·L1), Adam {TranslationNetwork.LearningRate:0e0} β1 0.5 each; "
                + $"PatchGAN width {network.DiscriminatorWidth}, {network.DiscriminatorLayers} strided layers; CellOps as TranslationLoop runs it "
                + $"(NCHW batches, OpenMP wait: {waitPolicy ?? "default"}); PyTorch NCHW, OpenMP defaults",
        });
        AddFlopRows(context, inference["cellops.infer"]!, peerInference, training["cellops.train"]!, peerTraining,
            forwardFlops, trainingFlops, peerName, peerMissing, "translation-network");

        foreach (var (id, label, key, note) in new[]
        {
            ("nchw", "  lever: NCHW (no channels-last)", "cellops.infer-nchw", "the same package with its Conv2d weights put back in NCHW, against as shipped"),
            ("transposed-relaid", "  lever: + transposed convs channels-last", "cellops.infer-transposed-relaid",
                $"as shipped, and the {transposed} ConvTranspose2d weights re-laid channels-last too, against as shipped"),
        })
        {
            report.Add(new BenchRow
            {
                Id = $"translation-network.lever.{id}",
                Benchmark = label,
                Unit = "tiles/s",
                CellOps = inference[key],
                Peer = inference["cellops.infer"],
                PeerName = "CellOps shipped",
                Note = note,
            });
        }

        // PyTorch given what CellOps does: what is left is the libraries underneath, not CellOps.
        foreach (var (op, key, label, levers) in new[]
        {
            ("inference", NetworkSuite.Peers.Key(waitPolicy, "infer", inferenceTuned), $"channels_last{(waitPolicy is null ? "" : $" + {waitPolicy} wait")}", "model and input in channels_last"),
            ("training", NetworkSuite.Peers.Key(waitPolicy, "train", trainingTuned), $"NCHW + {waitPolicy} wait", "NCHW batches as CellOps' loop"),
        })
        {
            var figures = op == "inference" ? inference : training;
            if (figures.GetValueOrDefault(key) is not { } peerFigure) continue;
            report.Add(new BenchRow
            {
                Id = $"translation-network.peer.{op}-tuned",
                Benchmark = $"  PyTorch {op}, {label}",
                Unit = "tiles/s",
                CellOps = op == "inference" ? inference["cellops.infer"] : training["cellops.train"],
                Peer = peerFigure,
                PeerName = peerName,
                Note = $"PyTorch {levers}{(waitPolicy is null ? "" : $", OMP_WAIT_POLICY={waitPolicy}{HarnessContext.HeapLever}")}, against CellOps as shipped: like for like",
            });
        }
    }

    /// <summary>Re-lays every ConvTranspose2d weight of <paramref name="network"/> channels-last; returns how many there were.</summary>
    private static int RelayTransposed(nn.Module network)
    {
        int count = 0;
        using var noGrad = no_grad();
        foreach (var module in network.modules())
        {
            if (module is not TorchSharp.Modules.ConvTranspose2d conv || conv.weight is not { } weight || weight.dim() != 4) continue;
            using var relaid = ChannelsLast.Layout(weight);
            weight.set_(relaid);
            count++;
        }
        return count;
    }
}
