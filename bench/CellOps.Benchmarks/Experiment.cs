using System.Diagnostics;
using CellOps.Benchmarks.Support;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Imaging.Tiling;
using CellOps.Runtime.Data;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Benchmarks;

internal static class Experiment
{
    public static int Run(string[] args)
    {
        TorchBackend.EnsureLoaded();
        string image = "/tmp/exp-pipe.tif", package = "/tmp/exp.cellmodel";
        if (!File.Exists(image)) SyntheticImage.Write(image, 4096, new TiffWriteOptions { Compression = TiffCompression.Lzw, Predictor = TiffPredictor.Horizontal });
        var model = BenchModel.WritePackage(package);
        var compute = ComputeContext.Create(DevicePreference.Cpu, 2);
        for (int rep = 0; rep < 3; rep++)
        {
            var sw = Stopwatch.StartNew();
            double Lap() { double t = sw.Elapsed.TotalMilliseconds; sw.Restart(); return t; }
            using var opened = ModelPackage.Open(package, CellOps.Sdk.SdkVersion.Current);
            double tOpen = Lap();
            using var loaded = LoadedModel.Load(opened, model, compute);
            double tLoad = Lap();
            var micrograph = MicrographLoader.Load(image);
            var tiles = TileSetBuilder.Build(new[] { micrograph }, new TilingOptions(64));
            double tTile = Lap();
            // predict with per-phase timing
            using var tensorizer = new TileTensorizer(loaded.Input, tiles.EdgePolicy);
            var source = new BatchSource(tiles.Tiles, tensorizer, 64, CPU, withLabels: false);
            double tData = 0, tNet = 0;
            var inner = Stopwatch.StartNew();
            foreach (var batch in source.InOrder())
            {
                tData += inner.Elapsed.TotalMilliseconds; inner.Restart();
                using (batch) TilePredictor.PredictBatch(loaded.Network, batch.Inputs).Dispose();
                tNet += inner.Elapsed.TotalMilliseconds; inner.Restart();
            }
            double tPredict = Lap();
            var net2 = model.CreateNetwork(CellOps.Sdk.Models.HyperParameterValues.Resolve(model.HyperParameters, null));
            net2.eval();
            Lap();
            bool ok = ChannelsLast.TryApply(net2, 1, 64);
            double tProbe = Lap();
            using (var one = torch.zeros(1, 1, 64, 64)) TilePredictor.PredictBatch(net2, one).Dispose();
            double tOne = Lap();
            torch.set_num_threads(1);
            Lap();
            using (var one = torch.zeros(1, 1, 64, 64)) TilePredictor.PredictBatch(net2, one).Dispose();
            double tOne1 = Lap();
            torch.set_num_threads(2);
            Console.WriteLine($"probe {tProbe:0} ms ({ok}); one tile {tOne:0} ms with 2 threads, {tOne1:0} ms with 1");
            Console.WriteLine($"open {tOpen:0} ms, load {tLoad:0} ms, tile {tTile:0} ms, predict {tPredict:0} ms (data {tData:0}, network {tNet:0})");
        }
        return 0;
    }
}
