using System.Diagnostics;
using System.IO.Compression;
using CellOps.Benchmarks.Support;
using CellOps.Imaging.Tiff;

namespace CellOps.Benchmarks;

internal static class Experiment
{
    public static int Run(string[] args)
    {
        string path = "/tmp/exp-deflate.tif";
        SyntheticImage.Write(path, 4096, new TiffWriteOptions { Compression = TiffCompression.Deflate, Predictor = TiffPredictor.Horizontal });
        using var tif = BitMiracle.LibTiff.Classic.Tiff.Open(path, "r");
        int n = tif.NumberOfStrips();
        var offsets = tif.GetField(BitMiracle.LibTiff.Classic.TiffTag.STRIPOFFSETS)[0].TolongArray();
        var counts = tif.GetField(BitMiracle.LibTiff.Classic.TiffTag.STRIPBYTECOUNTS)[0].TolongArray();
        var bytes = File.ReadAllBytes(path);
        int stripSize = tif.StripSize();
        var outBuf = new byte[stripSize];
        for (int rep = 0; rep < 3; rep++)
        {
            var sw = Stopwatch.StartNew();
            long total = 0;
            for (int i = 0; i < n; i++)
            {
                using var ms = new MemoryStream(bytes, (int)offsets[i], (int)counts[i], false);
                using var z = new ZLibStream(ms, CompressionMode.Decompress);
                total += z.ReadAtLeast(outBuf, outBuf.Length, false);
            }
            Console.WriteLine($"ZLibStream: {total / 1e6 / sw.Elapsed.TotalSeconds:0} MB/s ({n} strips of {stripSize})");
            sw.Restart();
            total = 0;
            for (int i = 0; i < n; i++)
            {
                total += tif.ReadEncodedStrip(i, outBuf, 0, outBuf.Length);
            }
            Console.WriteLine($"LibTiff.NET: {total / 1e6 / sw.Elapsed.TotalSeconds:0} MB/s");
        }
        var open = typeof(TiffImageFile).GetMethod("Open", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        var band = new byte[4096 * 256 * 2];
        foreach (bool direct in new[] { true, false, true, false })
        {
            var sw = Stopwatch.StartNew();
            using (var file = (TiffImageFile)open.Invoke(null, new object[] { path, CellOps.Imaging.Formats.ImageReadOptions.Default, TiffImageFile.DefaultCacheBytes, direct })!)
            {
                for (int y = 0; y < 4096; y += 256) file.ReadRegion(0, new CellOps.Sdk.Imaging.PixelRect(0, y, 4096, 256), band);
                Console.WriteLine($"direct={direct}: {33.55 / sw.Elapsed.TotalSeconds:0} MB/s, {file.DecodedChunkCount} chunks");
            }
        }
        return 0;
    }
}
