using System.Globalization;
using System.Text.Json.Nodes;
using CellOps.Benchmarks.Report;
using CellOps.Benchmarks.Support;
using CellOps.Imaging.Tiff;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// Peak memory for a 20000×20000 16-bit tiled TIFF: cutting it into 64×64 tiles and reading every one
/// (New-TileSet plus the data path of Invoke-CellModel), predicting a spread-out subset with the network,
/// and building the results for all of its tiles. The work runs in a child process
/// (<see cref="LargeImageChild"/>), so that its baseline holds nothing from the other suites.
/// </summary>
internal sealed class LargeImageSuite : ISuite
{
    private const double Limit = 1024;

    public string Name => "large-image";

    public void Run(HarnessContext context)
    {
        int size = context.Quick ? 1024 : 20000;
        int predictTiles = context.Quick ? 16 : 2048;
        string image = Path.Combine(context.WorkFolder, "large.tif");
        string package = Path.Combine(context.WorkFolder, "large.cellmodel");
        // LZW rather than Deflate: as common in microscopy, and LibTiff.NET writes it about 3.5 times as fast.
        context.Log.WriteLine($"  writing a {size}x{size} UInt16 TIFF, 256x256 tiles, LZW + predictor");
        double writeSeconds = Interleaved.Seconds(() =>
            SyntheticImage.Write(image, size, new TiffWriteOptions { TileWidth = 256, Compression = TiffCompression.Lzw, Predictor = TiffPredictor.Horizontal }));
        BenchModel.WritePackage(package);
        double fileMegabytes = new FileInfo(image).Length / 1e6;
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  written in {writeSeconds:0.0} s ({fileMegabytes:0} MB); measuring in a child process"));

        var result = RunChild(context, image, package, predictTiles);
        double Mb(string key) => result[key]!.GetValue<double>() / 1e6;
        long tiles = result["tiles"]!.GetValue<long>();
        double baseline = Mb("baselineBytes");
        string peakMethod = result["peakExact"]!.GetValue<bool>() ? "kernel peak (VmHWM), reset at the baseline" : "sampled working set";

        context.Report.Add(new BenchRow
        {
            Id = "large-image.tiling-peak",
            Benchmark = $"{size}x{size} tiling, all {tiles} tiles read",
            Unit = "MB above base",
            CellOps = Figure.Once(Mb("tilingPeakBytes") - baseline),
            Goal = Goal.Below(Limit),
            Note = string.Create(CultureInfo.InvariantCulture,
                $"baseline {baseline:0} MB resident; {tiles / result["tilingSeconds"]!.GetValue<double>():0} tiles/s through decode + tensorize; {peakMethod}"),
        });
        context.Report.Add(new BenchRow
        {
            Id = "large-image.predict-peak",
            Benchmark = $"  + predicting {result["predicted"]!.GetValue<int>()} tiles, results for all",
            Unit = "MB above base",
            CellOps = Figure.Once(Mb("predictPeakBytes") - baseline),
            Goal = Goal.Below(Limit),
            Note = string.Create(CultureInfo.InvariantCulture,
                $"the network on a spread-out subset (batch 64: its memory does not grow with the tile count), then a PredictionResult over all {tiles} tiles; peak over every phase"),
        });
    }

    private static JsonObject RunChild(HarnessContext context, string image, string package, int predictTiles) =>
        SelfProcess.Run(new[] { LargeImageChild.Name, image, package, predictTiles.ToString(CultureInfo.InvariantCulture), context.Threads.ToString(CultureInfo.InvariantCulture) });
}
