using System.Diagnostics;
using System.Globalization;
using CellOps.Plugins.Cardiomyocyte;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Benchmarks;

/// <summary>
/// Inference and training throughput (tiles/s) of the Cardiomyocyte tile classifier at its default
/// configuration (depth 4, width 32, 1×64×64 tiles, batch 64). bench/pytorch/cardiomyocyte.py measures
/// the same network the same way in PyTorch; bench/run-cardiomyocyte.sh runs both and compares.
/// </summary>
/// <remarks>
/// Protocol (the same on both sides): threads = cores; one batch of random tiles reused for every step;
/// warm-up batches first; then several runs of a fixed number of batches, each run timed as a whole,
/// reporting the median run's tiles/s and the best run's (the least disturbed by other load). Inference: eval mode, inference mode (no autograd bookkeeping).
/// Training: train mode, forward + cross entropy + backward + Adam step. Every batch runs in its own
/// dispose scope, so native memory stays flat; the working set is printed before and after.
/// </remarks>
internal sealed class CardiomyocyteBenchmark : IBenchmark
{
    private const int BatchSize = 64;
    private const int TileSize = 64;

    public string Name => "cardiomyocyte";

    public string Description => "Cardiomyocyte tile classifier: inference and training tiles/s on 64×64 tiles (batch 64)";

    public int Run(bool quick)
    {
        TorchBackend.EnsureLoaded();
        int threads = Environment.ProcessorCount;
        torch.set_num_threads(threads);
        torch.random.manual_seed(0);

        int warmup = quick ? 1 : 3;
        int runs = quick ? 1 : 5;
        int inferenceBatches = quick ? 2 : 10;
        int trainingBatches = quick ? 2 : 4;

        var model = new TileClassifierModel();
        var values = HyperParameterValues.Resolve(model.HyperParameters, null);
        using var network = model.CreateNetwork(values);
        using var inputs = randn(BatchSize, 1, TileSize, TileSize);
        using var labels = randint(0, 2, new long[] { BatchSize }, dtype: ScalarType.Int64);
        long parameters = network.parameters().Sum(p => p.numel());

        Console.WriteLine($"Cardiomyocyte.TileClassifier ({values}), {parameters:N0} parameters, batch {BatchSize}×1×{TileSize}×{TileSize}, " +
                          $"{threads} threads, torch {torch.__version__}");
        Console.WriteLine($"  protocol: {warmup} warm-up batches, then median of {runs} runs ({inferenceBatches} inference / {trainingBatches} training batches each)");
        long before = WorkingSet();

        // Inference.
        network.eval();
        void Infer()
        {
            using var scope = NewDisposeScope();
            using var mode = torch.inference_mode();
            using var logits = network.call(inputs);
            logits.argmax(1).Dispose();
        }
        for (int i = 0; i < warmup; i++) Infer();
        double[] inferenceSeconds = Measurement.Time(runs, () =>
        {
            for (int b = 0; b < inferenceBatches; b++) Infer();
        });
        long afterInference = WorkingSet();

        // Training.
        network.train();
        using var optimizer = optim.Adam(network.parameters(), lr: values.GetReal(TileClassifierModel.LearningRate),
            weight_decay: values.GetReal(TileClassifierModel.WeightDecay));
        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = model.ComputeLoss(network.call(inputs), labels, null);
            loss.backward();
            optimizer.step();
        }
        for (int i = 0; i < warmup; i++) Step();
        double[] trainingSeconds = Measurement.Time(runs, () =>
        {
            for (int b = 0; b < trainingBatches; b++) Step();
        });
        long after = WorkingSet();

        double inference = inferenceBatches * BatchSize / Measurement.Median(inferenceSeconds);
        double training = trainingBatches * BatchSize / Measurement.Median(trainingSeconds);
        double inferenceBest = inferenceBatches * BatchSize / inferenceSeconds.Min();
        double trainingBest = trainingBatches * BatchSize / trainingSeconds.Min();
        Console.WriteLine($"  {"phase",-10} {"tiles/s",10} {"min",10} {"max",10}");
        Row("inference", inferenceBatches, inferenceSeconds);
        Row("training", trainingBatches, trainingSeconds);
        Console.WriteLine($"  working set: {before / 1e6:0} MB before, {afterInference / 1e6:0} MB after inference, {after / 1e6:0} MB after training");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT cellops inference={inference:0.0} training={training:0.0} inference_best={inferenceBest:0.0} training_best={trainingBest:0.0}"));
        return 0;
    }

    private static void Row(string phase, int batches, double[] seconds)
    {
        double Rate(double s) => batches * BatchSize / s;
        Console.WriteLine($"  {phase,-10} {Rate(Measurement.Median(seconds)),10:0.0} {Rate(seconds.Max()),10:0.0} {Rate(seconds.Min()),10:0.0}");
    }

    private static long WorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
