using System.Diagnostics;
using CellOps.Benchmarks.Support;
using CellOps.Plugins.Cardiomyocyte;
using CellOps.Sdk.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Benchmarks;

internal static class Experiment
{
    public static int Run(string[] args)
    {
        CellOps.Runtime.Torch.TorchBackend.EnsureLoaded();
        torch.set_num_threads(2);
        var model = new TileClassifierModel();
        var values = HyperParameterValues.Resolve(model.HyperParameters, null);
        using var network = (TileClassifierNetwork)model.CreateNetwork(values);
        network.eval();
        int batch = args.Length > 0 ? int.Parse(args[0]) : 64;
        var state = network.state_dict();
        using var mode = inference_mode();
        var x0 = randn(batch, 1, 64, 64);
        foreach (bool cl in new[] { false, true })
        {
            var ws = new List<(Tensor, Tensor)>();
            for (int i = 0; i < 4; i++)
            {
                var (w, b) = nn.utils.fuse_conv_bn_weights(state[$"blocks.{i}.conv.weight"], null!, state[$"blocks.{i}.norm.running_mean"], state[$"blocks.{i}.norm.running_var"], 1e-5, state[$"blocks.{i}.norm.weight"], state[$"blocks.{i}.norm.bias"], false);
                ws.Add((cl ? FoldedTileClassifier.ToChannelsLast(w.detach()) : w.detach(), b.detach()));
            }
            var times = new double[4, 3];
            for (int rep = 0; rep < 6; rep++)
            {
                var x = cl ? FoldedTileClassifier.ToChannelsLast(x0) : x0;
                for (int i = 0; i < 4; i++)
                {
                    var sw = Stopwatch.StartNew();
                    var c = nn.functional.conv2d(x, ws[i].Item1, ws[i].Item2, padding: new long[] { 1, 1 });
                    double t0 = sw.Elapsed.TotalMilliseconds;
                    var r = nn.functional.relu(c, inplace: true);
                    double t1 = sw.Elapsed.TotalMilliseconds;
                    x = nn.functional.max_pool2d(r, new long[] { 2, 2 }, new long[] { 2, 2 }, ceil_mode: true);
                    double t2 = sw.Elapsed.TotalMilliseconds;
                    if (rep > 0) { times[i, 0] += t0; times[i, 1] += t1 - t0; times[i, 2] += t2 - t1; }
                    if (rep == 5) Console.WriteLine($"cl={cl} block {i}: strides conv out [{string.Join(",", c.stride())}] pool out [{string.Join(",", x.stride())}]");
                }
            }
            for (int i = 0; i < 4; i++) Console.WriteLine($"cl={cl} block {i}: conv {times[i, 0] / 5:0.00} ms relu {times[i, 1] / 5:0.00} pool {times[i, 2] / 5:0.00}");
        }
        return 0;
    }
}
