using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CellOps.Benchmarks.Support;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Maps;
using CellOps.Imaging.Tiling;
using CellOps.Runtime.Data;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Training;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// The CellOps side of <see cref="WholeSlideSuite"/>, in a process of its own: loads the model, settles,
/// takes the resident size as the baseline, then runs what <c>Import-Micrograph | Invoke-CellModel |
/// Export-VirtualStain</c> runs on the slide, through the types those cmdlets call, and afterwards times
/// the network alone on ready batches of the same tiles. Prints one JSON line.
/// </summary>
internal static class WholeSlideChild
{
    public const string Name = "whole-slide";

    /// <summary>Arguments: model id (<see cref="WholeSlideModel"/>), image, package, output stem, threads, batch size, most batches for the model-alone run.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        var kind = WholeSlideModel.Named(args[0]);
        args = args.Skip(1).ToArray();
        string image = args[0], package = args[1], stem = args[2];
        int threads = int.Parse(args[3], CultureInfo.InvariantCulture);
        int batchSize = int.Parse(args[4], CultureInfo.InvariantCulture);
        int aloneBatches = int.Parse(args[5], CultureInfo.InvariantCulture);
        var compute = ComputeContext.Create(DevicePreference.Cpu, threads);
        using var opened = ModelPackage.Open(package, CellOps.Sdk.SdkVersion.Current);
        using var model = LoadedModel.Load(opened, kind.Create(), compute);
        string modelName = $"{opened.Manifest.PluginId}.{opened.Manifest.ModelName}";
        // One prediction first, so that torch's and oneDNN's one-time allocations belong to the baseline.
        using (var warm = randn(batchSize, model.Input.Channels, model.Manifest.TileSize, model.Manifest.TileSize)) TilePredictor.PredictBatch(model.Network, warm).Dispose();

        long baseline = MemoryProbe.SettledResident();
        MemoryProbe.ResetPeak();
        long sampled = baseline;

        // Import-Micrograph | Invoke-CellModel: the cmdlet's tiling policy, its batches, its result.
        var clock = Stopwatch.StartNew();
        var micrograph = MicrographLoader.Load(image);
        var tiling = InferenceTiling.ForPrediction(model.Manifest, stride: null, labelled: false);
        var tiles = TileSetBuilder.Build(new[] { micrograph }, tiling.Options);
        // A dense model over a slide this size builds its maps as it predicts, as the cmdlet does.
        using var streams = MapStreams.Needed(model.Manifest, tiles) ? new MapStreams(tiles, model.Manifest.ClassNames) : null;
        var output = model.Predict(tiles.Tiles, tiles.EdgePolicy, batchSize, default,
            (done, _) => { if (done % (batchSize * 64) == 0) sampled = Math.Max(sampled, MemoryProbe.Resident()); },
            streams is null ? null : streams.Add);
        var result = PredictionResult.Create(modelName, tiles.Tiles, output, model.Manifest.ClassNames,
            footprint: InferenceTiling.Footprint(model.Manifest, tiles), maps: streams?.Finish(tiles.Tiles, output.Completed));
        double predictSeconds = clock.Elapsed.TotalSeconds;
        long predictPeak = Math.Max(MemoryProbe.Peak(), Math.Max(sampled, MemoryProbe.Resident()));

        // | Export-VirtualStain: one map at a time, built (on disk past 4096²), written and disposed.
        bool onDisk = false;
        long mapPeak = predictPeak;
        var files = VirtualStainFiles.ForStem(stem, model.Manifest.ClassNames.Count);
        foreach (var built in result.ToProbabilityMaps())
        {
            using var map = built;
            onDisk |= map.OnDisk;
            sampled = Math.Max(sampled, MemoryProbe.Resident());
            mapPeak = Math.Max(mapPeak, Math.Max(MemoryProbe.Peak(), sampled));
            VirtualStainWriter.Write(map, files);
        }
        double totalSeconds = clock.Elapsed.TotalSeconds;
        long peak = Math.Max(MemoryProbe.Peak(), Math.Max(sampled, MemoryProbe.Resident()));
        int tileCount = result.Count;
        GC.KeepAlive(result);

        // The network alone on already-tensorized batches of the slide's own first tiles, as many batches as
        // the slide has (at most aloneBatches: a rate needs no more), the way LoadedModel.Predict runs each.
        var ready = new List<TrainingBatch>();
        using (var tensorizer = new TileTensorizer(model.Input, tiles.EdgePolicy))
        {
            var first = tiles.Tiles.Take(Math.Min(tiles.Count, batchSize * 16)).ToList();
            foreach (var batch in new BatchSource(first, tensorizer, batchSize, CPU, withLabels: false).InOrder())
            {
                if (batch.Count == batchSize) ready.Add(batch);
                else batch.Dispose();
            }
        }
        if (ready.Count == 0) throw new InvalidOperationException($"The slide has {tiles.Count} tiles, fewer than one batch of {batchSize}.");
        int batches = Math.Max(1, Math.Min(aloneBatches, tileCount / batchSize));
        TilePredictor.PredictBatch(model.Network, ready[0].Inputs).Dispose();
        clock.Restart();
        for (int b = 0; b < batches; b++) TilePredictor.PredictBatch(model.Network, ready[b % ready.Count].Inputs).Dispose();
        double aloneSeconds = clock.Elapsed.TotalSeconds;
        foreach (var batch in ready) batch.Dispose();

        SelfProcess.Report(new JsonObject
        {
            ["tiles"] = tileCount,
            ["width"] = micrograph.Width,
            ["height"] = micrograph.Height,
            ["baselineBytes"] = baseline,
            ["predictPeakBytes"] = predictPeak,
            ["mapPeakBytes"] = mapPeak,
            ["peakBytes"] = peak,
            ["predictSeconds"] = predictSeconds,
            ["seconds"] = totalSeconds,
            ["aloneTiles"] = batches * batchSize,
            ["aloneSeconds"] = aloneSeconds,
            ["mapOnDisk"] = onDisk,
            ["probability"] = files.Probability,
            ["peakExact"] = MemoryProbe.CanResetPeak,
        });
        return 0;
    }
}
