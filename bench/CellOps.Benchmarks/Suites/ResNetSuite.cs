using System.Globalization;
using System.Text.Json.Nodes;
using CellOps.Benchmarks.Report;
using CellOps.Benchmarks.Support;
using CellOps.Plugins.NeuralFate;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Weights;
using CellOps.Sdk.Torch;
using static TorchSharp.torch;
using static CellOps.Benchmarks.Suites.NetworkSuite;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// NeuralFate's ResNet-18 and ResNet-50 against torchvision's in PyTorch, at ImageNet's 224-pixel tiles
/// (batch 8) and at the 64-pixel tiles of the blood-cell example (batch 32): inference and training
/// images/s, each side's achieved GFLOP/s and its share of the matmul rate, PyTorch given CellOps'
/// levers; and first a parity check: the same weights (saved by PyTorch, imported into CellOps) must give
/// the same logits, or the suite fails.
/// </summary>
/// <remarks>
/// Inference is the imported network (ImageNet's 1000-class head) as Invoke-CellModel runs it: the package
/// loaded by <see cref="LoadedModel"/> (channels-last where its probe accepts it; the plugin keeps its batch
/// norms unfolded), each batch through <see cref="TilePredictor.PredictBatch"/>. Training is the plugin's
/// two-class network as StandardTrainer trains it (channels-last batches, cross entropy, the model's Adam);
/// PyTorch trains torchvision's network with the same head and Adam settings.
/// </remarks>
internal sealed class ResNetSuite : ISuite
{
    /// <summary>
    /// The largest logit difference from PyTorch's allowed, in millionths of the largest logit: float32
    /// through 18 to 50 layers, with other convolution algorithms and another memory order on each side,
    /// differs by tens of millionths; a misplaced tensor or a batch norm applied wrongly by whole percents.
    /// </summary>
    public const double ParityTolerancePpm = 1000;

    public string Name => "resnet";

    public void Run(HarnessContext context)
    {
        bool quick = context.Quick;
        var architectures = quick ? new[] { ResNetArchitecture.ResNet18 } : new[] { ResNetArchitecture.ResNet18, ResNetArchitecture.ResNet50 };
        (int Tile, int Batch, int Batches)[] sizes = quick ? new[] { (64, 2, 1) } : new[] { (224, 8, 1), (64, 32, 2) };
        var failures = new List<string>();
        foreach (var architecture in architectures)
        {
            if (Measure(context, new ImportedResNet(architecture), sizes, quick ? 1 : 5) is { } failure) failures.Add(failure);
        }
        if (failures.Count > 0) throw new InvalidOperationException(string.Join(" ", failures));
    }

    /// <summary>Parity, then every size's rows, of one ResNet; returns why parity failed, or null.</summary>
    private static string? Measure(HarnessContext context, ImportedResNet resnet, (int Tile, int Batch, int Batches)[] sizes, int runs)
    {
        string? waitPolicy = OpenMpWaitPolicy.ChosenByCellOps;
        string weights = Path.Combine(context.WorkFolder, $"{resnet.Id}.pt"), parityFile = Path.Combine(context.WorkFolder, $"{resnet.Id}-parity.pt");
        string package = Path.Combine(context.WorkFolder, $"{resnet.Id}.cellmodel");
        int parityTile = sizes[0].Tile;
        var first = new NetworkSuite.Peers(context, sizes[0].Batch, resnet.Values);
        first.Start(null);
        var saved = first.SetUp(null, resnet.WeightsRequest(weights, parityFile, parityTile, parityBatch: 2));
        string? matched = resnet.WritePackage(package, saved is null ? null : weights);
        var compute = ComputeContext.Create(DevicePreference.Cpu, context.Threads);
        using var opened = ModelPackage.Open(package, CellOps.Sdk.SdkVersion.Current);
        using var loaded = LoadedModel.Load(opened, resnet.Model, compute);
        long parameters = loaded.Network.parameters().Sum(p => p.numel());
        string peerCheck = saved?["parameters"]?.GetValue<long>() is long peerParameters
            ? $" (PyTorch: {peerParameters}{(peerParameters == parameters ? "" : ", DIFFERENT LAYERS")})"
            : "";
        string flops = string.Join(", ", sizes.Select(s => string.Create(CultureInfo.InvariantCulture, $"{resnet.ForwardFlops(s.Tile, imported: true) / 1e9:0.000} GFLOP per {s.Tile}-px image")));
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {resnet.Plugin.Id}.{resnet.Model.Name}, {ImportedResNet.ImportedClasses} classes, {parameters} parameters{peerCheck}; {flops}"
            + $"; weights: {matched ?? "CellOps' own initialisation (no PyTorch)"}; channels-last: {loaded.ChannelsLast}; OpenMP wait: {waitPolicy ?? "default"}; {runs} interleaved runs"));

        string? failure = saved is null ? null : CheckParity(context, resnet, loaded, parityFile, parityTile, matched!);
        if (saved is null) context.Log.WriteLine("  parity not checked: no PyTorch weights");

        // Where LoadedModel's probe kept NCHW, what channels-last would have given: the same package re-laid regardless.
        using var relaid = loaded.ChannelsLast ? null : LoadedModel.Load(opened, resnet.Model, compute);
        if (relaid is not null) LogRelaid(context, loaded, relaid, parityTile);

        using var trainer = new NetworkSuite.TrainingSide(resnet.Model, resnet.Values, channelsLastBatches: true);
        foreach (var (tile, batch, batches) in sizes)
        {
            MeasureSize(context, resnet, loaded, relaid, trainer, saved is null ? null : weights, tile, batch, batches, runs, waitPolicy);
        }
        context.Log.WriteLine($"  training batches channels-last (the trainer's probe): {trainer.UsesChannelsLast}");
        return failure;
    }

    /// <summary>The parity row: the loaded package's logits against PyTorch's on the batch peer.py saved; returns why it failed, or null.</summary>
    private static string? CheckParity(HarnessContext context, ImportedResNet resnet, LoadedModel loaded, string parityFile, int tile, string matched)
    {
        using var parity = WeightFile.Read(parityFile);
        var input = parity.Find("input")?.Tensor ?? throw new InvalidDataException($"{parityFile} has no input.");
        var expected = parity.Find("logits")?.Tensor ?? throw new InvalidDataException($"{parityFile} has no logits.");
        double largestDifference, largestLogit;
        bool sameClasses;
        using (NewDisposeScope())
        using (no_grad())
        {
            loaded.Network.eval();
            var logits = loaded.Network.call(input);
            largestDifference = logits.add(expected, Scalars.Of(-1.0)).abs().max().item<float>();
            largestLogit = expected.abs().max().item<float>();
            sameClasses = logits.argmax(1).eq(expected.argmax(1)).all().item<bool>();
        }
        double ppm = 1e6 * largestDifference / largestLogit;
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"{resnet.Label} logits vs PyTorch: largest difference {largestDifference:g3} (largest logit {largestLogit:g3}: {ppm:0.#} ppm, tolerance {ParityTolerancePpm:0} ppm); "
            + $"top class {(sameClasses ? "the same" : "DIFFERENT")} for each of {expected.shape[0]} images");
        context.Log.WriteLine("  " + summary);
        context.Report.Add(new BenchRow
        {
            Id = $"resnet.{resnet.Id}.parity",
            Benchmark = $"{resnet.Label} logits vs PyTorch",
            Unit = "ppm of max logit",
            CellOps = Figure.Once(ppm),
            Goal = Goal.Below(ParityTolerancePpm),
            Note = string.Create(CultureInfo.InvariantCulture,
                $"largest |difference| {largestDifference:g3} over {expected.NumberOfElements} logits of {expected.shape[0]} random 3x{tile}x{tile} images in eval mode, in millionths of the largest |logit| ({largestLogit:g3}); "
                + $"torchvision.models.{resnet.Id} with batch norms calibrated, its state dict saved by PyTorch, imported with WeightFile/WeightMatch and MapImportedKey ({matched}), "
                + $"packaged and loaded as Invoke-CellModel loads it (channels-last: {loaded.ChannelsLast})"),
        });
        return ppm <= ParityTolerancePpm && sameClasses ? null : summary + ".";
    }

    /// <summary>Re-lays <paramref name="relaid"/> channels-last and logs how far its logits are from the shipped network's, on ChannelsLast's probe ramp.</summary>
    private static void LogRelaid(HarnessContext context, LoadedModel loaded, LoadedModel relaid, int tile)
    {
        ChannelsLast.Apply(relaid.Network);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var probe = linspace(-1, 1, 2L * 3 * tile * tile).reshape(2, 3, tile, tile);
        var shipped = loaded.Network.call(probe);
        var difference = relaid.Network.call(probe).add(shipped, Scalars.Of(-1.0)).abs();
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  LoadedModel kept NCHW; re-laid channels-last anyway, the logits differ by at most {difference.max().item<float>():g3} (largest logit {shipped.abs().max().item<float>():g3}), "
            + $"{difference.gt(Scalars.Of(1e-5)).sum().item<long>()} of {difference.NumberOfElements} by more than 1e-5"));
    }

    /// <summary>Inference and training at one tile size, both sides interleaved, and their rows.</summary>
    private static void MeasureSize(HarnessContext context, ImportedResNet resnet, LoadedModel loaded, LoadedModel? relaid, NetworkSuite.TrainingSide trainer, string? weights,
        int tile, int batch, int batches, int runs, string? waitPolicy)
    {
        const int warmup = 1;
        string prefix = $"resnet.{resnet.Id}.{tile}", name = $"{resnet.Id}-{tile}";
        string infer = name + "-infer", inferTuned = name + "-infer-cl", train = name + "-train", trainTuned = name + "-train-cl";
        var peers = new NetworkSuite.Peers(context, batch, resnet.Values);
        peers.Start(null);
        if (waitPolicy is not null) peers.Start(waitPolicy);
        if (weights is not null)
        {
            peers.SetUp(null, resnet.PeerRequest(infer, batch, tile, weights, channelsLast: false));
            peers.SetUp(waitPolicy, resnet.PeerRequest(inferTuned, batch, tile, weights, channelsLast: true));
            peers.SetUp(null, resnet.PeerRequest(train, batch, tile, weights: null, channelsLast: false));
            peers.SetUp(waitPolicy, resnet.PeerRequest(trainTuned, batch, tile, weights: null, channelsLast: true));
        }
        context.Log.WriteLine($"  {resnet.Label}, {tile}x{tile}, batch {batch}: inference, then training");

        var variant = new Variant(name, resnet.Label, batch, x => TilePredictor.PredictBatch(loaded.Network, x), Channels: resnet.Model.Input.Channels, Tile: tile);
        int images = batches * batch;
        bool peered = weights is not null;
        var relaidVariant = relaid is null ? null : variant with { Forward = x => TilePredictor.PredictBatch(relaid.Network, x) };
        var inference = NetworkSuite.Measure(context, peers, warmup, runs, new[]
        {
            new Side("cellops.infer", images, () => Infer(variant, images, context.Threads)),
            peered ? peers.Infer(null, infer, images) : null,
            peered ? peers.Infer(waitPolicy, inferTuned, images) : null,
            relaidVariant is null ? null : new Side("cellops.infer-relaid", images, () => Infer(relaidVariant, images, context.Threads)),
        });
        using var inputs = randn(batch, resnet.Model.Input.Channels, tile, tile);
        using var labels = randint(0, resnet.TrainingClasses, new long[] { batch }, dtype: ScalarType.Int64);
        var training = NetworkSuite.Measure(context, peers, warmup, runs, new[]
        {
            new Side("cellops.train", batch, () => trainer.Run(inputs, labels, 1)),
            peered ? peers.Train(null, train, 1) : null,
            peered ? peers.Train(waitPolicy, trainTuned, 1) : null,
        });

        // ---- Rows.
        var (peerMissing, peerNote) = peers.Missing(null);
        var peerInference = inference.GetValueOrDefault(NetworkSuite.Peers.Key(null, "infer", infer));
        var peerTraining = training.GetValueOrDefault(NetworkSuite.Peers.Key(null, "train", train));
        string levers = $"channels-last: {loaded.ChannelsLast}, OpenMP wait: {waitPolicy ?? "default"}";
        foreach (var (op, cellOps, peer, note) in new[]
        {
            ("inference", inference["cellops.infer"]!, peerInference,
                $"{ImportedResNet.ImportedClasses}-class head, the same weights on both sides, softmax included; CellOps as Invoke-CellModel runs it (LoadedModel, {levers}, batch norms unfolded); "
                + "PyTorch eval() under inference_mode, NCHW, OpenMP defaults"),
            ("training", training["cellops.train"]!, peerTraining,
                $"{resnet.TrainingClasses}-class head, forward + cross entropy + backward + Adam step (lr {resnet.Values.GetReal(ResNetModel.LearningRate):0e0}, weight decay {resnet.Values.GetReal(ResNetModel.WeightDecay):0e0}); "
                + $"CellOps as StandardTrainer runs it (channels-last batches, OpenMP wait: {waitPolicy ?? "default"}); PyTorch NCHW, OpenMP defaults"),
        })
        {
            context.Report.Add(new BenchRow
            {
                Id = $"{prefix}.{op}",
                Benchmark = $"{resnet.Label} {op} {tile}x{tile}, batch {batch}",
                Unit = "images/s",
                CellOps = cellOps,
                Peer = peer,
                PeerName = peers.Name,
                PeerMissing = peerMissing,
                Note = peerNote ?? note,
            });
        }
        AddFlopRows(context, inference["cellops.infer"]!, peerInference, training["cellops.train"]!, peerTraining, resnet.ForwardFlops(tile, imported: true),
            NetworkFlops.Training(resnet.ForwardFlops(tile, imported: false)), peers.Name, peerMissing, prefix);

        // PyTorch given CellOps' levers: what is left is the libraries underneath.
        foreach (var (op, cellOps, peer) in new[]
        {
            ("inference", inference["cellops.infer"]!, inference.GetValueOrDefault(NetworkSuite.Peers.Key(waitPolicy, "infer", inferTuned))),
            ("training", training["cellops.train"]!, training.GetValueOrDefault(NetworkSuite.Peers.Key(waitPolicy, "train", trainTuned))),
        })
        {
            if (peer is null) continue;
            context.Report.Add(new BenchRow
            {
                Id = $"{prefix}.peer.{op}-tuned",
                Benchmark = $"  PyTorch {op}, channels_last{(waitPolicy is null ? "" : $" + {waitPolicy} wait")}",
                Unit = "images/s",
                CellOps = cellOps,
                Peer = peer,
                PeerName = peers.Name,
                Note = $"PyTorch network and batches in channels_last{(waitPolicy is null ? "" : $", OMP_WAIT_POLICY={waitPolicy}{HarnessContext.HeapLever}")}, against CellOps as shipped: like for like",
            });
        }

        if (inference.GetValueOrDefault("cellops.infer-relaid") is { } relaidFigure)
        {
            context.Report.Add(new BenchRow
            {
                Id = $"{prefix}.lever.channels-last",
                Benchmark = "  lever: channels-last regardless",
                Unit = "images/s",
                CellOps = relaidFigure,
                Peer = inference["cellops.infer"],
                PeerName = "CellOps shipped",
                Note = "the same package with its Conv2d weights re-laid channels-last although LoadedModel's probe kept NCHW, against as shipped",
            });
        }

        // The next size's networks take the memory these held.
        var forget = new JsonObject { ["op"] = "forget", ["names"] = new JsonArray(infer, inferTuned, train, trainTuned) };
        peers.SetUp(null, forget);
        if (waitPolicy is not null) peers.SetUp(waitPolicy, (JsonObject)forget.DeepClone());
    }
}
