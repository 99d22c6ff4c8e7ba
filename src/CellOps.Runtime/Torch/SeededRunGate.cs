using TorchSharp;

namespace CellOps.Runtime.Torch;

/// <summary>
/// Lets one seeded training at a time run in the process. Torch's random generator and its CPU thread
/// count belong to the whole process, and the layers' initialisation and dropout draw from that
/// generator with no way to pass one of their own (TorchSharp 0.107), so two trainings at once (two
/// runspaces, ForEach-Object -Parallel) would take each other's random numbers and neither would
/// repeat. A training holds the gate from seeding to its last epoch; a second one waits for it.
/// </summary>
public static class SeededRunGate
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly object ThreadsLock = new();
    private static int _runningThreads;

    /// <summary>Whether a seeded run holds the gate now.</summary>
    public static bool IsHeld => Volatile.Read(ref _runningThreads) > 0;

    /// <summary>
    /// Waits until no other seeded run is under way, then sets torch's thread count to
    /// <paramref name="compute"/>'s (another context may have changed it since) and seeds torch.
    /// </summary>
    /// <param name="compute">The run's device and thread count.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="waiting">Told when the run has to wait, and why (a warning: the user asked for parallel runs).</param>
    /// <param name="cancellation">Stops the wait.</param>
    /// <returns>Ends the run's hold when disposed.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was signalled while waiting.</exception>
    public static IDisposable Enter(ComputeContext compute, long seed, Action<string>? waiting = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(compute);
        if (!Gate.Wait(0, CancellationToken.None))
        {
            waiting?.Invoke("Another training is running in this process; this one waits for it to finish, because torch's random " +
                            "generator and thread count are shared by the whole process and a seeded run must have them to itself.");
            Gate.Wait(cancellation);
        }
        try
        {
            lock (ThreadsLock)
            {
                Volatile.Write(ref _runningThreads, compute.Threads);
                if (torch.get_num_threads() != compute.Threads) torch.set_num_threads(compute.Threads);
            }
            compute.Seed(seed);
        }
        catch
        {
            Exit();
            throw;
        }
        return new Hold();
    }

    /// <summary>
    /// Sets torch's thread count, unless a seeded run holds the gate: then its count stays, since
    /// the count decides how sums are split and so the run's last bits. Returns the count torch uses.
    /// </summary>
    internal static int SetThreads(int threads)
    {
        lock (ThreadsLock)
        {
            if (_runningThreads > 0) return _runningThreads;
            if (torch.get_num_threads() != threads) torch.set_num_threads(threads);
            return threads;
        }
    }

    private static void Exit()
    {
        lock (ThreadsLock) Volatile.Write(ref _runningThreads, 0);
        Gate.Release();
    }

    private sealed class Hold : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Exit();
        }
    }
}
