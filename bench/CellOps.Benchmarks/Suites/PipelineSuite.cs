using System.Globalization;
using CellOps.Benchmarks.Report;
using CellOps.Benchmarks.Support;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Imaging.Tiling;
using CellOps.Runtime.Data;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Tiling;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// End to end: what <c>Import-Micrograph | New-TileSet | Invoke-CellModel</c> does with a 4096×4096
/// 16-bit TIFF, driven through the same runtime types the cmdlets call (MicrographLoader,
/// TileSetBuilder, ModelPackage, LoadedModel, PredictionResult), against the network alone on
/// ready-made batches: the share of time lost outside the network.
/// </summary>
internal sealed class PipelineSuite : ISuite
{
    public string Name => "pipeline";

    public void Run(HarnessContext context)
    {
        bool quick = context.Quick;
        int size = quick ? 256 : 4096;
        int batchSize = 64;
        int runs = quick ? 1 : 5;
        string image = Path.Combine(context.WorkFolder, "pipeline.tif");
        string package = Path.Combine(context.WorkFolder, "cardiomyocyte.cellmodel");
        // LZW with the horizontal predictor in strips: what microscope software and ImageJ commonly write,
        // and dearer to decode than an uncompressed file.
        SyntheticImage.Write(image, size, new TiffWriteOptions { Compression = TiffCompression.Lzw, Predictor = TiffPredictor.Horizontal });
        var model = BenchModel.WritePackage(package);
        var compute = ComputeContext.Create(DevicePreference.Cpu, context.Threads);
        int tileSize = model.Input.TileSize;
        int tileCount = (size / tileSize) * (size / tileSize);
        context.Log.WriteLine($"  {size}x{size} UInt16 LZW TIFF, {tileCount} tiles of {tileSize}x{tileSize}, batch {batchSize}, {runs} interleaved run(s)");

        // The whole pipeline, including opening and verifying the package, as one Invoke-CellModel call does.
        int predicted = 0;
        double EndToEnd() => Interleaved.Seconds(() =>
        {
            using var opened = ModelPackage.Open(package, CellOps.Sdk.SdkVersion.Current);
            using var loaded = LoadedModel.Load(opened, model, compute);
            var micrograph = MicrographLoader.Load(image);
            var tiles = TileSetBuilder.Build(new[] { micrograph }, new TilingOptions(loaded.Manifest.TileSize));
            var output = loaded.Predict(tiles.Tiles, tiles.EdgePolicy, batchSize);
            var result = PredictionResult.Create($"{opened.Manifest.PluginId}.{opened.Manifest.ModelName}", tiles.Tiles, output, loaded.Manifest.ClassNames);
            predicted = result.Tiles.Count;
        });

        // The network alone, on one ready batch, the way LoadedModel.Predict runs it, as many batches as
        // the image has: the throughput the data path is measured against, over a run as long as the
        // pipeline's, so that both meet the same load.
        using var modelPackage = ModelPackage.Open(package, CellOps.Sdk.SdkVersion.Current);
        using var modelOnly = LoadedModel.Load(modelPackage, model, compute);
        using var batch = randn(batchSize, model.Input.Channels, tileSize, tileSize);
        int modelBatches = Math.Max(1, tileCount / batchSize);
        double ModelOnly() => Interleaved.Seconds(() =>
        {
            for (int b = 0; b < modelBatches; b++) TilePredictor.PredictBatch(modelOnly.Network, batch).Dispose();
        });

        // The data path alone: import, tile and tensorize every tile, no network.
        double DataPath() => Interleaved.Seconds(() =>
        {
            var micrograph = MicrographLoader.Load(image);
            var tiles = TileSetBuilder.Build(new[] { micrograph }, new TilingOptions(tileSize));
            using var tensorizer = new TileTensorizer(model.Input, tiles.EdgePolicy);
            var source = new BatchSource(tiles.Tiles, tensorizer, batchSize, CPU, withLabels: false);
            foreach (var b in source.InOrder()) b.Dispose();
        });

        // Warm-up: the network and the data path once each (JIT, first decodes, the allocator); then
        // interleaved runs of all three.
        ModelOnly();
        DataPath();
        var seconds = Interleaved.Time(0, runs, EndToEnd, ModelOnly, DataPath);
        if (predicted != tileCount) throw new InvalidOperationException($"The pipeline predicted {predicted} tiles; {tileCount} were expected.");

        var endToEnd = Figure.Rate(tileCount, seconds[0]);
        var network = Figure.Rate(modelBatches * batchSize, seconds[1]);
        var data = Figure.Rate(tileCount, seconds[2]);
        var row = new BenchRow
        {
            Id = "pipeline.end-to-end",
            Benchmark = $"Import|Tile|Invoke {size}x{size} 16-bit",
            Unit = "tiles/s",
            CellOps = endToEnd,
            Peer = network,
            PeerName = "model only",
            Goal = Goal.RatioAtLeast(0.85),
        };
        double lost = 100 * (1 - (row.Ratio ?? 0));
        context.Report.Add(row with
        {
            Note = string.Create(CultureInfo.InvariantCulture,
                $"{tileCount} tiles, LZW strips; time lost outside the network {lost:0.0}% (package load and check, decode, tiling, results; tensorizing overlaps the network)"),
        });
        context.Report.Add(new BenchRow
        {
            Id = "pipeline.data-path",
            Benchmark = "  data path alone (no network)",
            Unit = "tiles/s",
            CellOps = data,
            Note = string.Create(CultureInfo.InvariantCulture,
                $"import + New-TileSet + tensorize: {1000.0 / data.Median:0.00} ms per tile vs {1000.0 / network.Median:0.00} ms per tile in the network"),
        });
    }
}
