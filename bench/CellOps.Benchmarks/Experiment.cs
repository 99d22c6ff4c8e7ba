using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;

namespace CellOps.Benchmarks;

internal static unsafe class Experiment
{
    [DllImport("libz.so.1")]
    private static extern int uncompress(byte* dest, ref nuint destLen, byte* source, nuint sourceLen);

    public static int Run(string[] args)
    {
        string path = args.Length > 0 ? args[0] : "/tmp/exp-deflate-tiles.tif";
        using var tif = Tiff.Open(path, "r");
        bool tiled = tif.IsTiled(); int n = tiled ? tif.NumberOfTiles() : tif.NumberOfStrips();
        var offsets = tif.GetField(tiled ? TiffTag.TILEOFFSETS : TiffTag.STRIPOFFSETS)[0].TolongArray();
        var counts = tif.GetField(tiled ? TiffTag.TILEBYTECOUNTS : TiffTag.STRIPBYTECOUNTS)[0].TolongArray();
        var bytes = File.ReadAllBytes(path);
        int size = tiled ? tif.TileSize() : tif.StripSize();
        var output = new byte[size];
        for (int rep = 0; rep < 5; rep++)
        {
            var sw = Stopwatch.StartNew();
            long total = 0;
            for (int i = 0; i < n; i++)
            {
                using var ms = new MemoryStream(bytes, (int)offsets[i], (int)counts[i], false);
                using var z = new ZLibStream(ms, CompressionMode.Decompress);
                total += z.ReadAtLeast(output, output.Length, false);
            }
            double a = total / 1e6 / sw.Elapsed.TotalSeconds;
            sw.Restart();
            total = 0;
            fixed (byte* src = bytes)
            fixed (byte* dst = output)
            {
                for (int i = 0; i < n; i++)
                {
                    nuint len = (nuint)output.Length;
                    int rc = uncompress(dst, ref len, src + offsets[i], (nuint)counts[i]);
                    total += (long)len;
                }
            }
            Console.WriteLine($"ZLibStream {a:0} MB/s, system zlib {total / 1e6 / sw.Elapsed.TotalSeconds:0} MB/s");
        }
        return 0;
    }
}
