using System.Diagnostics;
using System.Runtime.InteropServices;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;

namespace CellOps.Benchmarks;

/// <summary>
/// TIFF decoding speed for common layouts of a 16-bit image, and the speed and memory of cutting a huge
/// tiled TIFF into 64×64 tiles through <see cref="IPixelSource.ReadRegion"/>.
/// </summary>
internal sealed class TiffBenchmark : IBenchmark
{
    public string Name => "tiff";

    public string Description => "TIFF decode MB/s (16-bit, several encodings) and 64×64 tile cutting of a huge tiled TIFF";

    public int Run(bool quick)
    {
        string folder = Path.Combine(Path.GetTempPath(), "cellops-bench-tiff-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            DecodeSpeed(folder, quick ? 512 : 4096, quick ? 3 : 5);
            TileCutting(folder, quick ? 2000 : 20000);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void DecodeSpeed(string folder, int size, int runs)
    {
        Console.WriteLine($"TIFF decode, {size}×{size} UInt16 ({size * (long)size * 2 / 1e6:0.0} MB decoded per run), whole image in 256-row bands, median of {runs} after warm-up");
        Console.WriteLine($"  {"encoding",-26} {"layout",-14} {"file MB",8} {"median MB/s",12} {"min",8} {"max",8}");
        var cases = new (string Name, TiffCompression Compression, TiffPredictor Predictor)[]
        {
            ("uncompressed", TiffCompression.None, TiffPredictor.None),
            ("LZW + predictor", TiffCompression.Lzw, TiffPredictor.Horizontal),
            ("Deflate + predictor", TiffCompression.Deflate, TiffPredictor.Horizontal),
        };
        foreach (var (name, compression, predictor) in cases)
        {
            foreach (bool tiled in new[] { false, true })
            {
                string path = Path.Combine(folder, $"decode-{compression}-{tiled}.tif");
                var options = new TiffWriteOptions { Compression = compression, Predictor = predictor, TileWidth = tiled ? 256 : 0 };
                using (var writer = TiffWriter.Create(path))
                {
                    writer.WritePage(size, size, options, SmoothImage);
                    writer.Commit();
                }
                long decoded = (long)size * size * 2;
                byte[] band = new byte[size * 256 * 2];
                double[] seconds = Measurement.Time(runs, () =>
                {
                    using var file = TiffImageFile.Open(path, ImageReadOptions.Default);
                    for (int y = 0; y < size; y += 256)
                    {
                        var region = new PixelRect(0, y, size, Math.Min(256, size - y));
                        file.ReadRegion(0, region, band);
                    }
                });
                double mb = decoded / 1e6;
                Console.WriteLine($"  {name,-26} {(tiled ? "tiles 256×256" : "strips"),-14} {new FileInfo(path).Length / 1e6,8:0.0} {mb / Measurement.Median(seconds),12:0} {mb / seconds.Max(),8:0} {mb / seconds.Min(),8:0}");
                File.Delete(path);
            }
        }
    }

    private static void TileCutting(string folder, int size)
    {
        string path = Path.Combine(folder, "huge.tif");
        Console.WriteLine();
        Console.WriteLine($"Huge tiled TIFF: {size}×{size} UInt16, 256×256 tiles, Deflate + predictor, written by streaming");
        var process = Process.GetCurrentProcess();
        var watch = Stopwatch.StartNew();
        using (var writer = TiffWriter.Create(path, bigTiff: (long)size * size * 2 > 3L << 30))
        {
            writer.WritePage(size, size, new TiffWriteOptions { TileWidth = 256, Compression = TiffCompression.Deflate, Predictor = TiffPredictor.Horizontal }, SmoothImage);
            writer.Commit();
        }
        process.Refresh();
        Console.WriteLine($"  written in {watch.Elapsed.TotalSeconds:0.0} s, {new FileInfo(path).Length / 1e6:0} MB on disk, peak working set so far {process.PeakWorkingSet64 / 1e6:0} MB");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        process.Refresh();
        long baseline = process.WorkingSet64;
        long peakBefore = process.PeakWorkingSet64;
        long maxSampled = baseline;
        const int tile = 64;
        var buffer = new byte[tile * tile * 2];
        long tiles = 0;
        watch.Restart();
        using (var file = TiffImageFile.Open(path, ImageReadOptions.Default))
        {
            for (int y = 0; y < size; y += tile)
            {
                for (int x = 0; x < size; x += tile)
                {
                    var region = new PixelRect(x, y, Math.Min(tile, size - x), Math.Min(tile, size - y));
                    file.ReadRegion(0, region, buffer);
                    if (++tiles % 2048 == 0)
                    {
                        process.Refresh();
                        maxSampled = Math.Max(maxSampled, process.WorkingSet64);
                    }
                }
            }
            double seconds = watch.Elapsed.TotalSeconds;
            process.Refresh();
            maxSampled = Math.Max(maxSampled, process.WorkingSet64);
            Console.WriteLine($"  read {tiles} tiles of 64×64 row-major in {seconds:0.00} s: {tiles / seconds:0} tiles/s, {tiles * tile * tile * 2 / 1e6 / seconds:0} MB/s; {file.DecodedChunkCount} TIFF tiles decoded");
        }
        process.Refresh();
        Console.WriteLine($"  working set: baseline {baseline / 1e6:0} MB, largest sampled while reading {maxSampled / 1e6:0} MB (+{(maxSampled - baseline) / 1e6:0} MB), "
            + $"process peak {process.PeakWorkingSet64 / 1e6:0} MB (peak before reading {peakBefore / 1e6:0} MB)");
        bool ok = maxSampled - baseline < 1L << 30;
        Console.WriteLine($"  goal: under 1 GB above baseline while reading: {(ok ? "met" : "NOT met")}");
    }

    /// <summary>Smooth synthetic micrograph-like content: blobs on a gradient, a little deterministic texture.</summary>
    private static void SmoothImage(PixelRect region, Span<byte> destination)
    {
        var values = MemoryMarshal.Cast<byte, ushort>(destination);
        for (int y = 0; y < region.Height; y++)
        {
            int gy = region.Y + y;
            double cy = Math.Sin(gy / 37.0);
            for (int x = 0; x < region.Width; x++)
            {
                int gx = region.X + x;
                double v = 12000 + 9000 * Math.Sin(gx / 53.0) * cy + 4 * gx % 7 + (gx + gy) / 8.0 % 1000;
                values[y * region.Width + x] = (ushort)Math.Clamp(v, 0, 65535);
            }
        }
    }
}
