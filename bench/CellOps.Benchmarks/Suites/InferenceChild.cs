using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using CellOps.Benchmarks.Support;
using CellOps.Plugins.Cardiomyocyte;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// Inference as shipped (a package through <see cref="LoadedModel"/> and <see cref="TilePredictor.PredictBatch"/>)
/// in a process of its own, for settings that only take effect when torch loads: the network suite runs
/// it with and without CellOps' OpenMP wait policy.
/// </summary>
internal static class InferenceChild
{
    public const string Name = "infer";

    /// <summary>Arguments: package, threads, batch, tiles per run, warm-up runs, timed runs.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        string package = args[0];
        int[] n = args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        int threads = n[0], batch = n[1], tiles = n[2], warmup = n[3], runs = n[4];
        var compute = ComputeContext.Create(DevicePreference.Cpu, threads);
        using var opened = ModelPackage.Open(package, CellOps.Sdk.SdkVersion.Current);
        using var model = LoadedModel.Load(opened, new TileClassifierModel(), compute);
        using var inputs = randn(batch, model.Manifest.Channels, model.Manifest.TileSize, model.Manifest.TileSize);
        var probabilities = new float[batch * model.Manifest.ClassNames.Count];
        double Once() => Interleaved.Seconds(() =>
        {
            for (int b = 0; b < Math.Max(1, tiles / batch); b++)
            {
                using var scope = NewDisposeScope();
                using var soft = TilePredictor.PredictBatch(model.Network, inputs);
                MemoryMarshal.Cast<byte, float>(soft.bytes).CopyTo(probabilities);
            }
        });
        for (int i = 0; i < warmup; i++) Once();
        var seconds = new JsonArray();
        for (int i = 0; i < runs; i++) seconds.Add(Once());
        SelfProcess.Report(new JsonObject { ["seconds"] = seconds, ["waitPolicy"] = OpenMpWaitPolicy.ChosenByCellOps });
        return 0;
    }
}
