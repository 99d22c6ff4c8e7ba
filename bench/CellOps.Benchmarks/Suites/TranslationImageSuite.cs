using System.Globalization;
using System.Text.Json.Nodes;
using CellOps.Benchmarks.Report;
using CellOps.Benchmarks.Support;
using CellOps.Imaging.Tiff;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// Peak memory of a whole-image translation: a 20000×20000 16-bit tiled TIFF predicted by the
/// CancerStemCell generator (overlapping tiles blended into a disk spool band by band), then its
/// float32 prediction written as TIFF. The work runs in a child process (<see cref="TranslationImageChild"/>)
/// for a clean baseline.
/// </summary>
internal sealed class TranslationImageSuite : ISuite
{
    private const double Limit = 1024;

    public string Name => "translation-image";

    public void Run(HarnessContext context)
    {
        int size = context.Quick ? 1024 : 20000;
        string image = Path.Combine(context.WorkFolder, "translation-large.tif");
        string package = Path.Combine(context.WorkFolder, "translation.cellmodel");
        context.Log.WriteLine($"  writing a {size}x{size} UInt16 TIFF, 256x256 tiles, LZW + predictor");
        SyntheticImage.Write(image, size, new TiffWriteOptions { TileWidth = 256, Compression = TiffCompression.Lzw, Predictor = TiffPredictor.Horizontal });
        TranslationImageChild.WritePackage(package);
        var result = SelfProcess.Run(new[] { TranslationImageChild.Name, image, package, context.WorkFolder, context.Threads.ToString(CultureInfo.InvariantCulture) });
        double Mb(string key) => result[key]!.GetValue<double>() / 1e6;
        double baseline = Mb("baselineBytes");
        long tiles = result["tiles"]!.GetValue<long>();
        double seconds = result["predictSeconds"]!.GetValue<double>();
        string peakMethod = result["peakExact"]!.GetValue<bool>() ? "kernel peak (VmHWM), reset at the baseline" : "sampled working set";
        context.Report.Add(new BenchRow
        {
            Id = "translation-image.predict-peak",
            Benchmark = $"{size}x{size} translated whole ({tiles} tiles)",
            Unit = "MB above base",
            CellOps = Figure.Once(Mb("predictPeakBytes") - baseline),
            Goal = Goal.Below(Limit),
            Note = string.Create(CultureInfo.InvariantCulture,
                $"Pix2Pix generator (width 4, depth 7) on 128-px tiles every 128 px, blended into a disk spool; {tiles / seconds:0} tiles/s; baseline {baseline:0} MB; {peakMethod}"),
        });
        context.Report.Add(new BenchRow
        {
            Id = "translation-image.write-peak",
            Benchmark = "  + written as float32 TIFF, stain and overlay",
            Unit = "MB above base",
            CellOps = Figure.Once(Mb("writePeakBytes") - baseline),
            Goal = Goal.Below(Limit),
            Note = string.Create(CultureInfo.InvariantCulture, $"Export-VirtualStain's writer, by strips; {result["writeSeconds"]!.GetValue<double>():0} s; peak over both phases"),
        });
        double whole = tiles / (seconds + result["writeSeconds"]!.GetValue<double>());
        context.Report.Add(new BenchRow
        {
            Id = "translation-image.vs-model",
            Benchmark = "  whole image against the generator alone",
            Unit = "tiles/s",
            CellOps = Figure.Once(whole),
            Peer = Figure.Once(result["aloneTiles"]!.GetValue<double>() / result["aloneSeconds"]!.GetValue<double>()),
            PeerName = "model only",
            Goal = Goal.RatioAtLeast(0.85),
            Note = string.Create(CultureInfo.InvariantCulture,
                $"predicting and writing against {result["aloneTiles"]!.GetValue<double>():0} tiles in ready batches of 16 through the generator alone, after the image, same process; one run each"),
        });
    }
}
