using System.Buffers;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// Decoded strips and tiles, least recently used first out, bounded in bytes. Cutting small tiles out
/// of larger TIFF chunks visits each chunk many times in a row; without the cache each visit would
/// decode it again. The most recent chunk is always kept even when it alone exceeds the budget, so a
/// large single-strip image is decoded once rather than once per read.
/// </summary>
internal sealed class TiffChunkCache : IDisposable
{
    private readonly long _budget;
    private readonly Dictionary<(int Page, int Chunk), LinkedListNode<Entry>> _map = new();
    private readonly LinkedList<Entry> _order = new();

    public TiffChunkCache(long budgetBytes) => _budget = Math.Max(0, budgetBytes);

    /// <summary>The bound on the bytes held (the most recent chunk may exceed it alone).</summary>
    public long Budget => _budget;

    /// <summary>Bytes currently held.</summary>
    public long BytesHeld { get; private set; }

    /// <summary>Number of chunks currently held.</summary>
    public int Count => _map.Count;

    /// <summary>Whether the chunk is held, without making it the most recent.</summary>
    public bool Contains(int page, int chunk) => _map.ContainsKey((page, chunk));

    public bool TryGet(int page, int chunk, out byte[] data)
    {
        if (_map.TryGetValue((page, chunk), out var node))
        {
            _order.Remove(node);
            _order.AddFirst(node);
            data = node.Value.Data;
            return true;
        }
        data = Array.Empty<byte>();
        return false;
    }

    /// <summary>Takes ownership of <paramref name="data"/>, which must come from <see cref="ArrayPool{T}.Shared"/>.</summary>
    public void Add(int page, int chunk, byte[] data)
    {
        if (_map.Remove((page, chunk), out var old))
        {
            _order.Remove(old);
            Release(old.Value);
        }
        var node = _order.AddFirst(new Entry(page, chunk, data));
        _map[(page, chunk)] = node;
        BytesHeld += data.Length;
        while (BytesHeld > _budget && _order.Count > 1)
        {
            var last = _order.Last!;
            _order.RemoveLast();
            _map.Remove((last.Value.Page, last.Value.Chunk));
            Release(last.Value);
        }
    }

    public void Clear()
    {
        foreach (var entry in _order) ArrayPool<byte>.Shared.Return(entry.Data);
        _order.Clear();
        _map.Clear();
        BytesHeld = 0;
    }

    public void Dispose() => Clear();

    private void Release(Entry entry)
    {
        BytesHeld -= entry.Data.Length;
        ArrayPool<byte>.Shared.Return(entry.Data);
    }

    private readonly record struct Entry(int Page, int Chunk, byte[] Data);
}
