using System.Runtime.InteropServices;
using CellOps.Runtime.Torch;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime.Torch;

// Counts the whole process's page faults, so it runs with nothing else in parallel.
[Collection(TorchCollection.Name)]
public class NativeHeapTests
{
    [Fact]
    public void Repeated_batches_on_a_pipeline_thread_reuse_their_memory_instead_of_faulting_it_in_again()
    {
        if (!OperatingSystem.IsLinux() || new[] { "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "GLIBC_TUNABLES" }
                .Any(v => Environment.GetEnvironmentVariable(v) is not null))
        {
            return; // the user's allocator settings are left alone: nothing of CellOps' to check
        }
        TorchBackend.EnsureLoaded();
        Assert.True(NativeHeap.TunedByCellOps);

        // A thread of its own, as PowerShell runs a pipeline: its allocations come from one of glibc's
        // secondary arenas, whose heaps the default settings give back between batches.
        var faults = new List<long>();
        var worker = new Thread(() => faults.AddRange(FaultsPerBatch(rounds: 7)));
        worker.Start();
        worker.Join();

        // Measured here: about 39,000 faults (150 MB of fresh pages) per batch with glibc's defaults, a few dozen with CellOps'.
        long afterWarmUp = faults.Skip(2).Sum();
        Assert.True(afterWarmUp < 5 * 1_000, $"page faults per batch after the first two: {string.Join(", ", faults.Skip(2))}");
    }

    private static IEnumerable<long> FaultsPerBatch(int rounds)
    {
        using var network = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding: 1), nn.ReLU(), nn.Conv2d(16, 16, 3, padding: 1), nn.ReLU(),
            nn.MaxPool2d(2), nn.Conv2d(16, 32, 3, padding: 1), nn.ReLU());
        network.eval();
        using var input = torch.ones(64, 3, 64, 64);
        var faults = new List<long>();
        using (torch.no_grad())
        {
            for (int r = 0; r < rounds; r++)
            {
                long before = ProcessPageFaults();
                network.call(input).Dispose();
                faults.Add(ProcessPageFaults() - before);
            }
        }
        return faults;
    }

    private static long ProcessPageFaults()
    {
        const int RusageSelf = 0;
        var usage = new long[18];
        Assert.Equal(0, GetResourceUsage(RusageSelf, usage));
        return usage[8]; // ru_minflt: after two timevals (4 longs), ru_maxrss, ru_ixrss, ru_idrss and ru_isrss
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetResourceUsage(int who, long[] usage);
}
