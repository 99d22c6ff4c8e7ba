using System.Runtime.InteropServices;
using CellOps.Benchmarks.Report;
using CellOps.Sdk.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// The cause of the random native failures, measured: an in-place add on an int64 tensor, once as
/// TorchSharp's <c>add_(1)</c> does it (two Scalars made on the fly and unreachable during the native
/// call) and once with Scalars CellOps holds, while another thread collects garbage and runs
/// finalizers. Failures per million calls for each; CellOps' way must have none.
/// </summary>
internal sealed class ScalarLifetimeSuite : ISuite
{
    public string Name => "scalar-lifetime";

    public void Run(HarnessContext context)
    {
        int calls = context.Quick ? 100_000 : 2_000_000;
        context.Log.WriteLine($"  {calls:N0} in-place adds each way, a collecting thread beside them");
        var heldScalars = Measure(calls, t => t.add_(Scalars.One, Scalars.One));
        // The baseline reads freed memory on purpose; the quick mode (run by the tests) leaves it out.
        if (!context.Quick)
        {
            var implicitScalars = Measure(calls, t => t.add_(1));
            context.Report.Add(Row("scalar-lifetime.implicit", "add_(1): TorchSharp's implicit Scalars", implicitScalars, calls,
                "the Scalar TorchSharp makes is unreachable during the native call; a collection frees it under libtorch"));
        }
        context.Report.Add(Row("scalar-lifetime.held", "add_(one, one): Scalars CellOps holds", heldScalars, calls,
            "CellOps.Sdk.Torch.Scalars: referenced from a static table, never collected"));

        // The README's old "random NaN gradients" network: conv, batch norm, ReLU, max pool, twice,
        // trained by Adam on random data; TorchSharp's BatchNorm2d and Adam against CellOps'.
        int steps = context.Quick ? 50 : 2000;
        context.Log.WriteLine($"  {steps} Adam steps of a conv-BN-ReLU-pool network each way, a collecting thread beside them");
        if (!context.Quick)
        {
            context.Report.Add(TrainingRow("scalar-lifetime.training-torchsharp", "training steps, TorchSharp's BatchNorm2d and Adam",
                Train(steps, cellOpsLayers: false), steps));
        }
        context.Report.Add(TrainingRow("scalar-lifetime.training-cellops", "training steps, CellOps' BatchNorm2d and Adam",
            Train(steps, cellOpsLayers: true), steps));
    }

    private static BenchRow TrainingRow(string id, string name, (int Errors, int NonFinite, string? First) result, int steps) => new()
    {
        Id = id,
        Benchmark = name,
        Unit = "failed steps per 1k",
        CellOps = Figure.Once((result.Errors + result.NonFinite) * 1e3 / steps),
        Note = $"{result.Errors} libtorch error(s), {result.NonFinite} step(s) with a non-finite loss or gradient in {steps}" +
               (result.First is null ? "" : $"; first: \"{result.First}\""),
    };

    private static (int Errors, int NonFinite, string? First) Train(int steps, bool cellOpsLayers)
    {
        torch.manual_seed(7);
        using var network = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding: 1), cellOpsLayers ? Layers.BatchNorm2d(8) : nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding: 1), cellOpsLayers ? Layers.BatchNorm2d(16) : nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(16 * 4 * 4, 2));
        using optim.Optimizer optimizer = cellOpsLayers ? Optimizers.Adam(network.parameters(), 1e-3) : optim.Adam(network.parameters(), 1e-3);
        int errors = 0, nonFinite = 0;
        string? first = null;
        using var collector = new Collector();
        for (int step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            try
            {
                var inputs = torch.randn(8, 1, 16, 16);
                var labels = torch.randint(0, 2, new long[] { 8 }, dtype: ScalarType.Int64);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(network.call(inputs), labels);
                loss.backward();
                bool finite = float.IsFinite(loss.item<float>())
                    && network.parameters().All(p => p.grad is null || p.grad.isfinite().all().item<bool>());
                if (!finite) nonFinite++;
                optimizer.step();
            }
            catch (ExternalException e)
            {
                errors++;
                first ??= CellOps.Runtime.Torch.LibTorchException.FirstLine(e.Message);
            }
        }
        return (errors, nonFinite, first);
    }

    private static BenchRow Row(string id, string name, (int Failures, long Wrong, string? First) result, int calls, string note) => new()
    {
        Id = id,
        Benchmark = name,
        Unit = "failures per 1M calls",
        CellOps = Figure.Once(result.Failures * 1e6 / calls),
        Note = $"{result.Failures} exception(s), counter off by {result.Wrong}; {(result.First is null ? "" : $"first: \"{result.First}\"; ")}{note}",
    };

    private static (int Failures, long Wrong, string? First) Measure(int calls, Action<Tensor> add)
    {
        using var counter = torch.zeros(1, dtype: ScalarType.Int64);
        using var collector = new Collector();
        int failures = 0;
        string? first = null;
        for (int i = 0; i < calls; i++)
        {
            try
            {
                add(counter);
            }
            catch (ExternalException e)
            {
                failures++;
                first ??= CellOps.Runtime.Torch.LibTorchException.FirstLine(e.Message);
            }
        }
        // Every call that did not throw added exactly one; a freed Scalar can also add a wrong amount.
        long wrong = Math.Abs(counter.item<long>() - (calls - failures));
        return (failures, wrong, first);
    }

    /// <summary>A thread that collects garbage and runs finalizers until disposed: what lets a freed Scalar surface.</summary>
    private sealed class Collector : IDisposable
    {
        private readonly Thread thread;
        private volatile bool stop;

        public Collector()
        {
            thread = new Thread(() =>
            {
                while (!stop)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
            }) { IsBackground = true, Name = "collector" };
            thread.Start();
        }

        public void Dispose()
        {
            stop = true;
            thread.Join();
        }
    }
}
