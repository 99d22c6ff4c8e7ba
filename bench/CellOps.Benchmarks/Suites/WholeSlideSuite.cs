using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using CellOps.Benchmarks.Report;
using CellOps.Benchmarks.Support;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Imaging;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// End to end on a whole slide: a 20000×20000 16-bit tiled TIFF through what <c>Import-Micrograph |
/// Invoke-CellModel | Export-VirtualStain</c> runs (<see cref="WholeSlideChild"/>, in a process of its own)
/// against the script a user would otherwise write with tifffile, numpy and PyTorch
/// (bench/pytorch/whole_slide.py), with the same network and weights, the same tiles, batch size and
/// threads: wall time, peak memory above a settled baseline, and the two probability maps compared.
/// </summary>
internal sealed class WholeSlideSuite : ISuite
{
    private const int BatchSize = 64;
    private const int SampledRows = 64;

    public string Name => "whole-slide";

    public void Run(HarnessContext context)
    {
        // Against the script: the tile classifier on a whole slide, and the dense model (four times the tiles per
        // pixel) on a smaller one that still puts its map on disk (over 4096x4096), the script's time being the
        // suite's longest part. CellOps alone, against its network: the dense model on the whole slide, and the
        // U-Net (three times the dense model's work per tile) on the smaller one.
        Run(context, WholeSlideModel.TileClassifier, context.Quick ? 2048 : 20000, withPeer: true);
        Run(context, WholeSlideModel.ClassDistribution, context.Quick ? 512 : 8192, withPeer: true);
        Run(context, WholeSlideModel.ClassDistribution, context.Quick ? 2048 : 20000, withPeer: false);
        Run(context, WholeSlideModel.PerPixel, context.Quick ? 512 : 8192, withPeer: false);
    }

    private static void Run(HarnessContext context, WholeSlideModel kind, int size, bool withPeer)
    {
        string image = Path.Combine(context.WorkFolder, $"whole-slide-{size}.tif");
        string package = Path.Combine(context.WorkFolder, $"whole-slide-{kind.Id}.cellmodel");
        string weights = Path.Combine(context.WorkFolder, $"whole-slide-{kind.Id}-weights");
        if (!File.Exists(image))
        {
            // Deflate with the horizontal predictor: common in microscopy, and the compression tifffile reads
            // without the imagecodecs package (it needs that for LZW), so the peer reads it as users' scripts do.
            context.Log.WriteLine($"  writing a {size}x{size} UInt16 TIFF, 256x256 tiles, Deflate + predictor");
            double writeSeconds = Interleaved.Seconds(() =>
                SyntheticImage.Write(image, size, new TiffWriteOptions { TileWidth = 256, Compression = TiffCompression.Deflate, Predictor = TiffPredictor.Horizontal }));
            context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  written in {writeSeconds:0.0} s ({new FileInfo(image).Length / 1e6:0} MB)"));
        }
        kind.WritePackage(package);
        if (withPeer) DumpWeights(kind, package, weights, context.Threads);

        int aloneBatches = context.Quick ? 16 : 512;
        string cellOpsLoad = MachineFacts.LoadAverage();
        context.Log.WriteLine($"  {kind.Label}: CellOps in a child process (load average {cellOpsLoad})");
        var cellOps = SelfProcess.Run(new[]
        {
            WholeSlideChild.Name, kind.Id, image, package, Path.Combine(context.WorkFolder, "cellops-slide"),
            context.Threads.ToString(CultureInfo.InvariantCulture), BatchSize.ToString(CultureInfo.InvariantCulture),
            aloneBatches.ToString(CultureInfo.InvariantCulture),
        });
        double cellOpsSeconds = cellOps["seconds"]!.GetValue<double>();
        long tiles = cellOps["tiles"]!.GetValue<long>();
        double cellOpsMb = (cellOps["peakBytes"]!.GetValue<double>() - cellOps["baselineBytes"]!.GetValue<double>()) / 1e6;
        string peerLoad = MachineFacts.LoadAverage();
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  CellOps: {tiles} tiles in {cellOpsSeconds:0.0} s, peak {cellOpsMb:0} MB above its baseline; the PyTorch script next (load average {peerLoad})"));

        JsonObject? peer = null;
        string? missing = null;
        try
        {
            if (withPeer)
            {
                peer = RunPeer(context, image, weights, Path.Combine(context.WorkFolder, "peer-slide"));
                context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  script: {peer["seconds"]!.GetValue<double>():0.0} s"));
            }
        }
        catch (PeerMissingException e)
        {
            missing = e.Status;
            context.Log.WriteLine($"  whole-slide peer: {e.Message}");
        }

        double? difference = null;
        (float Low, float High) spread = default;
        if (peer is not null)
        {
            if (peer["tiles"]!.GetValue<long>() != tiles)
                throw new InvalidOperationException($"The peer predicted {peer["tiles"]} tiles; CellOps {tiles}: they did not cut the slide alike.");
            (difference, spread) = Compare(cellOps["probability"]!.GetValue<string>(), peer["probability"]!.GetValue<string>());
        }
        foreach (var file in Directory.EnumerateFiles(context.WorkFolder, "*-slide.*")) File.Delete(file);

        AddRows(context, kind, size, withPeer, tiles, cellOps, peer, missing, difference, spread, (cellOpsLoad, peerLoad));
    }

    private static void AddRows(HarnessContext context, WholeSlideModel kind, int size, bool withPeer, long tiles, JsonObject cellOps, JsonObject? peer, string? missing,
        double? difference, (float Low, float High) spread, (string CellOps, string Peer) load)
    {
        double Get(JsonObject o, string key) => o[key]!.GetValue<double>();
        double cellOpsSeconds = Get(cellOps, "seconds");
        double cellOpsBase = Get(cellOps, "baselineBytes") / 1e6, cellOpsMb = Get(cellOps, "peakBytes") / 1e6 - cellOpsBase;
        double predictMb = Get(cellOps, "predictPeakBytes") / 1e6 - cellOpsBase;
        double mapMb = Get(cellOps, "mapPeakBytes") / 1e6 - cellOpsBase;
        string method = cellOps["peakExact"]!.GetValue<bool>() ? "kernel peak (VmHWM) reset at each side's baseline" : "sampled working set";
        string Inv(FormattableString s) => string.Create(CultureInfo.InvariantCulture, $"{s}");
        const string PeerName = "PyTorch script";

        // Rows against the script keep their ids across runs; a CellOps-only run names its size.
        string id = withPeer ? $"whole-slide.{kind.Id}" : $"whole-slide.{kind.Id}.{size}";
        string what = Inv($"{kind.Label}, {tiles} tiles of 64x64 (InferenceTiling), batch {BatchSize}, {context.Threads} threads; CellOps {cellOpsSeconds:0.0} s wall (predict and result {Get(cellOps, "predictSeconds"):0.0} s, map {(cellOps["mapOnDisk"]!.GetValue<bool>() ? "on disk" : "in memory")}, probability + stain or label TIFFs (Deflate) + overlay PNG)");
        string peerTime = peer is null ? "" : Inv($"; script {Get(peer, "seconds"):0.0} s, of which {Get(peer, "model_seconds"):0.0} s in its network");
        if (withPeer) context.Report.Add(new BenchRow
        {
            Id = $"{id}.time",
            Benchmark = $"{size}x{size} {kind.Id}: Import|Invoke|Export",
            Unit = "tiles/s",
            CellOps = Figure.Once(tiles / cellOpsSeconds),
            Peer = peer is null ? null : Figure.Once(tiles / Get(peer, "seconds")),
            PeerName = PeerName,
            PeerMissing = missing,
            Goal = Goal.RatioAtLeast(1),
            Note = what + Inv($"{peerTime}; script reads the slide whole, writes probability + stain/labels uncompressed, no overlay; one run each, not interleaved (load average at the start of each: {load.CellOps} / {load.Peer})"),
        });
        double alone = Get(cellOps, "aloneTiles") / Get(cellOps, "aloneSeconds");
        var versusModel = new BenchRow
        {
            Id = $"{id}.vs-model",
            Benchmark = withPeer ? "  whole slide against the network alone" : $"{size}x{size} {kind.Id}: whole slide against the network alone",
            Unit = "tiles/s",
            CellOps = Figure.Once(tiles / cellOpsSeconds),
            Peer = Figure.Once(alone),
            PeerName = "model only",
            Goal = Goal.RatioAtLeast(0.85),
            Note = (withPeer ? "" : what + "; ") + Inv($"the network alone: {Get(cellOps, "aloneTiles"):0} tiles in ready batches of the slide's own tiles (TilePredictor.PredictBatch), after the slide, same process; one run each, not interleaved") +
                (withPeer ? "" : $" (load average at the start: {load.CellOps})"),
        };
        if (!withPeer) context.Report.Add(versusModel);
        double peerMb = peer is null ? 0 : (Get(peer, "peakBytes") - Get(peer, "baselineBytes")) / 1e6;
        context.Report.Add(new BenchRow
        {
            Id = $"{id}.peak",
            Benchmark = "  peak memory, whole slide",
            Unit = "MB above base",
            CellOps = Figure.Once(cellOpsMb),
            Peer = peer is null ? null : Figure.Once(peerMb),
            PeerName = withPeer ? PeerName : "",
            PeerMissing = missing,
            Goal = withPeer ? Goal.RatioAtMost(1) : Goal.Below(1000),
            Note = Inv($"{method}; CellOps baseline {cellOpsBase:0} MB, {predictMb:0} MB above it after Invoke-CellModel's part, {mapMb:0} MB once the map was built, the rest writing the files") +
                (peer is null ? "" : Inv($"; script baseline {Get(peer, "baselineBytes") / 1e6:0} MB")),
        });
        if (withPeer) context.Report.Add(versusModel);
        if (difference is double d)
        {
            context.Report.Add(new BenchRow
            {
                Id = $"{id}.parity",
                Benchmark = "  probability maps agree",
                Unit = "ppm max |dP|",
                CellOps = Figure.Once(d * 1e6),
                Goal = Goal.Below(1000),
                Note = Inv($"CellOps' map against the script's on {SampledRows} rows spread over the slide, every pixel of each, every class page; CellOps' P there {spread.Low:0.0000} to {spread.High:0.0000}"),
            });
        }
    }

    // The network's weights and configuration, for the peer to load exactly what CellOps predicts with.
    private static void DumpWeights(WholeSlideModel kind, string package, string stem, int threads)
    {
        using var opened = ModelPackage.Open(package, CellOps.Sdk.SdkVersion.Current);
        using var loaded = LoadedModel.Load(opened, kind.Create(), ComputeContext.Create(DevicePreference.Cpu, threads));
        StateDictDump.Write(loaded.Network, stem, kind.PeerMeta(loaded));
    }

    private static JsonObject RunPeer(HarnessContext context, string image, string weights, string stem)
    {
        if (context.Options.NoPeers) throw new PeerMissingException("peers were turned off (--no-peers).", "peer not installed");
        if (context.RepoRoot is null) throw new PeerMissingException("bench/pytorch/whole_slide.py was not found above the program.", "peer not installed");
        var info = new ProcessStartInfo(context.Options.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(context.RepoRoot, "bench", "pytorch", "whole_slide.py"), image, weights, stem,
            context.Threads.ToString(CultureInfo.InvariantCulture), BatchSize.ToString(CultureInfo.InvariantCulture) }) info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            throw new PeerMissingException($"{context.Options.Python} cannot be started: {e.Message}", "peer not installed");
        }
        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            string? line = output.Split('\n').LastOrDefault(l => l.StartsWith(SelfProcess.ResultPrefix, StringComparison.Ordinal));
            if (process.ExitCode == 0 && line is not null) return (JsonObject)JsonNode.Parse(line[SelfProcess.ResultPrefix.Length..])!;
            string error = errors.Result.Trim();
            bool notInstalled = error.Contains("ModuleNotFoundError", StringComparison.Ordinal);
            throw new PeerMissingException($"the script failed (exit {process.ExitCode}): {error.Split('\n').LastOrDefault()}", notInstalled ? "peer not installed" : "peer failed");
        }
    }

    // The largest difference between the two maps over rows spread across the slide, and CellOps' range there.
    private static (double Difference, (float Low, float High) Spread) Compare(string cellOpsMap, string peerMap)
    {
        using var ours = TiffImageFile.Open(cellOpsMap, ImageReadOptions.Default);
        using var theirs = TiffImageFile.Open(peerMap, ImageReadOptions.Default);
        if (ours.Width != theirs.Width || ours.Height != theirs.Height || ours.PixelType != PixelType.Float32 || theirs.PixelType != PixelType.Float32)
            throw new InvalidOperationException($"The maps differ in shape or type: {ours.Width}x{ours.Height} {ours.PixelType} against {theirs.Width}x{theirs.Height} {theirs.PixelType}.");
        if (ours.FrameCount != theirs.FrameCount)
            throw new InvalidOperationException($"CellOps' map has {ours.FrameCount} class page(s), the script's {theirs.FrameCount}.");
        var a = new float[ours.Width];
        var b = new float[ours.Width];
        double worst = 0;
        float low = float.MaxValue, high = float.MinValue;
        for (int i = 0; i < SampledRows * ours.FrameCount; i++)
        {
            int page = i / SampledRows;
            int y = (int)((long)(i % SampledRows) * (ours.Height - 1) / (SampledRows - 1));
            var row = new PixelRect(0, y, ours.Width, 1);
            ours.ReadRegion(page, row, MemoryMarshal.AsBytes(a.AsSpan()));
            theirs.ReadRegion(page, row, MemoryMarshal.AsBytes(b.AsSpan()));
            for (int x = 0; x < a.Length; x++)
            {
                worst = Math.Max(worst, Math.Abs(a[x] - b[x]));
                if (a[x] <= 0) continue; // not covered by any tile
                low = Math.Min(low, a[x]);
                high = Math.Max(high, a[x]);
            }
        }
        return (worst, (low, high));
    }

    private sealed class PeerMissingException : Exception
    {
        public PeerMissingException(string message, string status) : base(message) => Status = status;

        public string Status { get; }
    }
}
