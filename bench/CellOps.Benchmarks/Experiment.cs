using CellOps.Plugins.Cardiomyocyte;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Benchmarks;

internal static class Experiment
{
    public static int Run(string[] args)
    {
        CellOps.Runtime.Torch.TorchBackend.EnsureLoaded();
        torch.random.manual_seed(1);
        using var a = new TileClassifierNetwork(1, 2, 2, 8, 0.0);
        ChannelsLast.Apply(a);
        var w = a.parameters().First(p => p.dim() == 4 && p.shape[1] > 1);
        Console.WriteLine($"strides {string.Join(",", w.stride())} contiguous {w.is_contiguous()}");
        byte[] saved;
        try { saved = Checkpoint.SaveWeights(a); } catch (Exception e) { Console.WriteLine("save failed: " + e.Message); return 1; }
        using var b = new TileClassifierNetwork(1, 2, 2, 8, 0.0);
        Checkpoint.LoadWeights(b, saved);
        var wb = b.parameters().First(p => p.dim() == 4 && p.shape[1] > 1);
        Console.WriteLine($"round trip equal: {wb.allclose(w, 0, 0)}");
        return 0;
    }
}
