using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CellOps.Benchmarks.Support;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiling;
using CellOps.Plugins.Cardiomyocyte;
using CellOps.Runtime.Data;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Tiling;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// The measuring side of <see cref="LargeImageSuite"/>, in a process of its own: loads the model, settles,
/// takes the resident size as the baseline, then tiles, reads every tile, predicts a subset and builds the
/// results for every tile, and prints the peaks as one JSON line.
/// </summary>
internal static class LargeImageChild
{
    public const string Name = "large-image";

    /// <summary>Arguments: image, package, tiles to predict, threads.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        string image = args[0], package = args[1];
        int predictTiles = int.Parse(args[2], CultureInfo.InvariantCulture);
        int threads = int.Parse(args[3], CultureInfo.InvariantCulture);
        var compute = ComputeContext.Create(DevicePreference.Cpu, threads);
        using var opened = ModelPackage.Open(package, CellOps.Sdk.SdkVersion.Current);
        using var model = LoadedModel.Load(opened, new TileClassifierModel(), compute);
        // One prediction first, so that torch's and oneDNN's one-time allocations belong to the baseline
        // rather than to the image.
        using (var warm = randn(64, 1, model.Manifest.TileSize, model.Manifest.TileSize)) TilePredictor.PredictBatch(model.Network, warm).Dispose();

        long baseline = MemoryProbe.SettledResident();
        MemoryProbe.ResetPeak();
        long sampledPeak = baseline;

        // New-TileSet, then every tile's pixels through the tensorizer Invoke-CellModel uses.
        var watch = Stopwatch.StartNew();
        var micrograph = MicrographLoader.Load(image);
        var tiles = TileSetBuilder.Build(new[] { micrograph }, new TilingOptions(model.Manifest.TileSize));
        using (var tensorizer = new TileTensorizer(model.Input, tiles.EdgePolicy))
        {
            var source = new BatchSource(tiles.Tiles, tensorizer, 64, CPU, withLabels: false);
            int batches = 0;
            foreach (var batch in source.InOrder())
            {
                batch.Dispose();
                if (++batches % 64 == 0) sampledPeak = Math.Max(sampledPeak, MemoryProbe.Resident());
            }
        }
        double tilingSeconds = watch.Elapsed.TotalSeconds;
        long tilingPeak = Math.Max(MemoryProbe.Peak(), sampledPeak);

        // The network over a subset spread across the whole image (each tile decodes its own TIFF tile).
        int step = Math.Max(1, tiles.Count / predictTiles);
        var subset = Enumerable.Range(0, tiles.Count / step).Select(i => tiles.Tiles[i * step]).Take(predictTiles).ToList();
        var output = model.Predict(subset, tiles.EdgePolicy, 64);
        sampledPeak = Math.Max(sampledPeak, MemoryProbe.Resident());

        // The results Invoke-CellModel would build for every tile of the image (probabilities are what the
        // subset gave, repeated: the memory is the same whatever the values).
        int k = output.ClassCount;
        var all = new float[tiles.Count * k];
        for (int i = 0; i < tiles.Count; i++) Array.Copy(output.Probabilities, i % output.Completed * k, all, i * k, k);
        var full = new PredictionOutput(all, k, tiles.Tiles.Select(t => t.Label).ToArray(), null, tiles.Count);
        var result = PredictionResult.Create("Cardiomyocyte.TileClassifier", tiles.Tiles, full, model.Manifest.ClassNames);
        sampledPeak = Math.Max(sampledPeak, MemoryProbe.Resident());
        long predictPeak = Math.Max(MemoryProbe.Peak(), sampledPeak);
        GC.KeepAlive(result);

        var json = new JsonObject
        {
            ["tiles"] = tiles.Count,
            ["predicted"] = output.Completed,
            ["baselineBytes"] = baseline,
            ["tilingPeakBytes"] = tilingPeak,
            ["predictPeakBytes"] = predictPeak,
            ["tilingSeconds"] = tilingSeconds,
            ["peakExact"] = MemoryProbe.CanResetPeak,
        };
        SelfProcess.Report(json);
        return 0;
    }
}
