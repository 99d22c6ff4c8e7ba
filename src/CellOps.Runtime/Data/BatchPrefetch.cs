namespace CellOps.Runtime.Data;

/// <summary>
/// Reads and tensorizes the next batch on a pool thread while the caller runs the network on the
/// current one, so that decoding, tiling and normalising overlap the network instead of adding to it.
/// </summary>
/// <remarks>
/// The underlying enumeration still runs one step at a time (the next step starts only once the caller
/// has the previous batch), so a tensorizer that is not thread-safe is never used by two threads at
/// once. Errors from reading a batch reach the caller when it asks for that batch. A caller that stops
/// early leaves no batch behind: the one being prepared is waited for and disposed.
/// </remarks>
public static class BatchPrefetch
{
    /// <summary>The same batches, each prepared while the caller works on the one before.</summary>
    /// <typeparam name="T">A batch: anything that owns tensors and frees them when disposed.</typeparam>
    public static IEnumerable<T> Ahead<T>(IEnumerable<T> batches)
        where T : class, IDisposable
    {
        ArgumentNullException.ThrowIfNull(batches);
        return Iterate(batches);
    }

    private static IEnumerable<T> Iterate<T>(IEnumerable<T> batches)
        where T : class, IDisposable
    {
        using var enumerator = batches.GetEnumerator();
        Task<T?> Next() => Task.Run(() => enumerator.MoveNext() ? enumerator.Current : null);
        var pending = Next();
        try
        {
            while (true)
            {
                var batch = pending.GetAwaiter().GetResult();
                if (batch is null) yield break;
                pending = Next();
                yield return batch;
            }
        }
        finally
        {
            // Let the step in flight finish before the enumerator is disposed, and free what it made.
            try
            {
                pending.GetAwaiter().GetResult()?.Dispose();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The caller has stopped, or is already handling the error that stopped it; a batch
                // nobody asked for has nothing more to report.
            }
        }
    }
}
