using CellOps.Benchmarks.Peers;
using CellOps.Benchmarks.Report;
using CellOps.Benchmarks.Support;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// TIFF decode speed of a 4096×4096 16-bit image in six layouts (uncompressed, LZW and Deflate with the
/// horizontal predictor; strips and 256×256 tiles), CellOps against libtiff on the very same files.
/// CellOps reads the whole image in 256-row bands through <see cref="IPixelSource.ReadRegion"/>, as
/// tiling does; libtiff decodes every strip or tile with TIFFReadEncodedStrip/Tile. Both open the file
/// in every run.
/// </summary>
internal sealed class TiffDecodeSuite : ISuite
{
    public string Name => "tiff";

    public void Run(HarnessContext context)
    {
        int size = context.Quick ? 256 : 4096;
        int runs = context.Quick ? 1 : 7;
        long decoded = (long)size * size * 2;
        double megabytes = decoded / 1e6;
        var peer = context.LibTiff(out var unavailable);
        string peerName = peer is null ? "libtiff" : "libtiff " + peer.Version.Split(' ').Last();
        context.Log.WriteLine($"  {size}x{size} UInt16 ({megabytes:0.0} MB decoded per run), {runs} interleaved run(s)");

        var cases = new (string Name, TiffCompression Compression, TiffPredictor Predictor)[]
        {
            ("uncompressed", TiffCompression.None, TiffPredictor.None),
            ("LZW+predictor", TiffCompression.Lzw, TiffPredictor.Horizontal),
            ("Deflate+predictor", TiffCompression.Deflate, TiffPredictor.Horizontal),
        };
        byte[] band = new byte[size * Math.Min(256, size) * 2];
        foreach (var (name, compression, predictor) in cases)
        {
            foreach (bool tiled in new[] { false, true })
            {
                string layout = tiled ? "tiles" : "strips";
                string path = Path.Combine(context.WorkFolder, $"decode-{compression}-{layout}.tif");
                SyntheticImage.Write(path, size, new TiffWriteOptions { Compression = compression, Predictor = predictor, TileWidth = tiled ? 256 : 0 });
                double fileMegabytes = new FileInfo(path).Length / 1e6;

                // "Before" is CellOps before its own decoder: every chunk through LibTiff.NET.
                double Pass(bool direct = true) => Interleaved.Seconds(() =>
                {
                    using var file = TiffImageFile.Open(path, ImageReadOptions.Default, TiffImageFile.DefaultCacheBytes, direct);
                    for (int y = 0; y < size; y += 256)
                    {
                        file.ReadRegion(0, new PixelRect(0, y, size, Math.Min(256, size - y)), band);
                    }
                });
                // Several passes per run where one is short (an uncompressed file reads in milliseconds),
                // so that a moment's load on a shared machine does not decide a run; both sides do as many.
                Pass();
                int passes = context.Quick ? 1 : (int)Math.Clamp(Math.Ceiling(0.25 / Math.Max(Pass(), 1e-4)), 1, 50);
                double CellOps()
                {
                    double total = 0;
                    for (int p = 0; p < passes; p++) total += Pass();
                    return total;
                }
                double Before()
                {
                    double total = 0;
                    for (int p = 0; p < passes; p++) total += Pass(direct: false);
                    return total;
                }
                Func<double>? libtiff = null;
                if (peer is not null)
                {
                    libtiff = () =>
                    {
                        var (bytes, seconds) = peer.Decode(path, passes);
                        if (bytes != decoded) throw new PeerUnavailableException($"libtiff decoded {bytes} bytes of {Path.GetFileName(path)}; {decoded} were expected.", notInstalled: false);
                        return seconds;
                    };
                }

                double[][] seconds;
                string? failure = null;
                try
                {
                    seconds = Interleaved.Time(1, runs, CellOps, libtiff, Before);
                }
                catch (PeerUnavailableException e)
                {
                    failure = e.Message;
                    var alone = Interleaved.Time(0, runs, CellOps, Before);
                    seconds = new[] { alone[0], Array.Empty<double>(), alone[1] };
                }
                context.Report.Add(new BenchRow
                {
                    Id = $"tiff.{name.Split('+')[0].ToLowerInvariant()}.{layout}",
                    Benchmark = $"TIFF decode {name}, {(tiled ? "256x256 tiles" : "strips")}",
                    Unit = "MB/s",
                    CellOps = Figure.Rate(megabytes * passes, seconds[0]),
                    Peer = seconds[1].Length > 0 ? Figure.Rate(megabytes * passes, seconds[1]) : null,
                    PeerName = peerName,
                    PeerMissing = failure is not null ? "peer failed" : unavailable?.Status,
                    Goal = Goal.RatioAtLeast(0.8),
                    Note = failure ?? unavailable?.Message ?? $"{size}x{size}, file {fileMegabytes:0.0} MB, {passes} pass(es) per run",
                });
                context.Report.Add(new BenchRow
                {
                    Id = $"tiff.{name.Split('+')[0].ToLowerInvariant()}.{layout}.vs-before",
                    Benchmark = "  CellOps vs before (LibTiff.NET)",
                    Unit = "MB/s",
                    CellOps = Figure.Rate(megabytes * passes, seconds[0]),
                    Peer = Figure.Rate(megabytes * passes, seconds[2]),
                    PeerName = "CellOps before",
                });
                File.Delete(path);
            }
        }
    }
}
