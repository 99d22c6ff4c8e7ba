namespace CellOps.Imaging.Tiff;

/// <summary>
/// Gathers a page's strips or tiles, as the writer fills them one after another, into small batches that
/// are compressed on all cores and then handed back in the order they came, so the file is the same as a
/// one-at-a-time write and only a batch of chunks is ever in memory.
/// </summary>
internal sealed class TiffDeflatePipeline : IDisposable
{
    // Each slot holds a chunk and about three times its size in encoder buffers; the batch stays under this.
    private const long MemoryBudget = 64L << 20;

    private readonly int _chunkBytes;
    private readonly Action<int, ArraySegment<byte>> _write;
    private readonly TiffDeflateEncoder[] _encoders;
    private readonly byte[][] _chunks;
    private readonly (int Index, int RowStride, int Rows)[] _jobs;
    private readonly ArraySegment<byte>[] _encoded;
    private int _pending;

    /// <param name="predictor">The page's predictor.</param>
    /// <param name="bytesPerSample">Bytes per sample (0 for bilevel pages).</param>
    /// <param name="samplesPerPixel">Samples interleaved per pixel in a chunk.</param>
    /// <param name="chunkBytes">Bytes of the largest chunk.</param>
    /// <param name="write">Stores one encoded chunk under its strip or tile index; called in submission order.</param>
    public TiffDeflatePipeline(TiffPredictor predictor, int bytesPerSample, int samplesPerPixel, int chunkBytes, Action<int, ArraySegment<byte>> write)
    {
        _chunkBytes = chunkBytes;
        _write = write;
        int slots = (int)Math.Clamp(MemoryBudget / (4L * chunkBytes), 1, 2 * Environment.ProcessorCount);
        _encoders = new TiffDeflateEncoder[slots];
        _chunks = new byte[slots][];
        _jobs = new (int, int, int)[slots];
        _encoded = new ArraySegment<byte>[slots];
        for (int i = 0; i < slots; i++)
        {
            _encoders[i] = new TiffDeflateEncoder(predictor, bytesPerSample, samplesPerPixel, chunkBytes);
            _chunks[i] = new byte[chunkBytes];
        }
    }

    /// <summary>The buffer to fill with the next chunk (cleared), valid until <see cref="Submit"/>.</summary>
    public Span<byte> NextChunk()
    {
        var chunk = _chunks[_pending].AsSpan();
        chunk.Clear();
        return chunk;
    }

    /// <summary>Queues the chunk just filled; a full batch is compressed and written at once.</summary>
    public void Submit(int index, int rowStride, int rows)
    {
        _jobs[_pending++] = (index, rowStride, rows);
        if (_pending == _jobs.Length) Flush();
    }

    /// <summary>Compresses and writes whatever is queued.</summary>
    public void Flush()
    {
        int count = _pending;
        if (count == 0) return;
        if (count == 1)
        {
            Encode(0);
        }
        else
        {
            Parallel.For(0, count, Encode);
        }
        _pending = 0;
        for (int i = 0; i < count; i++) _write(_jobs[i].Index, _encoded[i]);
    }

    public void Dispose()
    {
        foreach (var encoder in _encoders) encoder.Dispose();
    }

    private void Encode(int slot)
    {
        var (_, rowStride, rows) = _jobs[slot];
        _encoded[slot] = _encoders[slot].Encode(_chunks[slot].AsSpan(0, _chunkBytes), rowStride, rows);
    }
}
