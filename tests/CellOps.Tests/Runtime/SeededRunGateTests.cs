using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Runtime;

/// <summary>Seeded trainings in one process, as two runspaces (ForEach-Object -Parallel) run them.</summary>
[Collection(TorchCollection.Name)]
public sealed class SeededRunGateTests
{
    private sealed record Result(byte[] Weights, (double Loss, double? ValidationLoss)[] Epochs);

    private static Result Train(TileSet tiles, long seed, int threads, List<string>? warnings = null)
    {
        using var outcome = ModelTrainer.Train(new TrainingRequest
        {
            Plugin = new TinyPlugin(),
            Model = TinyPlugin.Model,
            Tiles = tiles,
            Options = new TrainingOptions { Epochs = 3, BatchSize = 8, Seed = seed },
            Compute = ComputeContext.Create(DevicePreference.Cpu, threads),
            Warning = warnings is null ? null : message => { lock (warnings) warnings.Add(message); },
        });
        return new Result(Checkpoint.SaveWeights(outcome.Network), outcome.Epochs.Select(e => (e.Loss, e.ValidationLoss)).ToArray());
    }

    [Fact]
    public void Two_seeded_trainings_at_once_give_what_each_gives_alone()
    {
        var tiles = BlobTiles.Create();
        var aloneA = Train(tiles, seed: 21, threads: 1);
        var aloneB = Train(tiles, seed: 22, threads: 2);

        var messages = new List<string>();
        using var start = new Barrier(2);
        Result Concurrent(long seed, int threads)
        {
            start.SignalAndWait();
            return Train(tiles, seed, threads, messages);
        }
        var a = Task.Factory.StartNew(() => Concurrent(21, 1), TaskCreationOptions.LongRunning);
        var b = Task.Factory.StartNew(() => Concurrent(22, 2), TaskCreationOptions.LongRunning);
        Task.WaitAll(a, b);

        Assert.Equal(aloneA.Epochs, a.Result.Epochs);
        Assert.Equal(aloneA.Weights, a.Result.Weights);
        Assert.Equal(aloneB.Epochs, b.Result.Epochs);
        Assert.Equal(aloneB.Weights, b.Result.Weights);
        Assert.Contains(messages, m => m.StartsWith("Another training is running in this process; this one waits", StringComparison.Ordinal));
        Assert.False(SeededRunGate.IsHeld);
    }

    [Fact]
    public void A_run_waiting_for_another_stops_waiting_when_cancelled()
    {
        var compute = ComputeContext.Create(DevicePreference.Cpu, threads: 1);
        using (SeededRunGate.Enter(compute, seed: 1))
        {
            using var stop = new CancellationTokenSource();
            var waiting = Task.Run(() => SeededRunGate.Enter(compute, seed: 2, cancellation: stop.Token));
            Assert.False(waiting.Wait(200));
            stop.Cancel();
            Assert.Throws<OperationCanceledException>(() => waiting.GetAwaiter().GetResult());
        }
        Assert.False(SeededRunGate.IsHeld);
        using (SeededRunGate.Enter(compute, seed: 3)) Assert.True(SeededRunGate.IsHeld);
    }
}
