using System.Diagnostics;
using CellOps.Benchmarks.Support;
using CellOps.Imaging.Tiff;

namespace CellOps.Benchmarks;

internal static class Experiment
{
    public static int Run(string[] args)
    {
        foreach (var (name, o) in new[] {
            ("none", new TiffWriteOptions { TileWidth = 256 }),
            ("lzw", new TiffWriteOptions { TileWidth = 256, Compression = TiffCompression.Lzw, Predictor = TiffPredictor.Horizontal }),
            ("deflate", new TiffWriteOptions { TileWidth = 256, Compression = TiffCompression.Deflate, Predictor = TiffPredictor.Horizontal }) })
        {
            var sw = Stopwatch.StartNew();
            SyntheticImage.Write("/tmp/w.tif", 4096, o);
            Console.WriteLine($"{name}: {sw.Elapsed.TotalSeconds:0.00} s, {new FileInfo("/tmp/w.tif").Length / 1e6:0} MB");
        }
        var s2 = Stopwatch.StartNew();
        var buf = new byte[4096 * 256 * 2];
        for (int y = 0; y < 4096; y += 256) SyntheticImage.Fill(new CellOps.Sdk.Imaging.PixelRect(0, y, 4096, 256), buf);
        Console.WriteLine($"generator alone: {s2.Elapsed.TotalSeconds:0.00} s");
        return 0;
    }
}
