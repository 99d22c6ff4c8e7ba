namespace CellOps.Runtime.Metrics;

/// <summary>
/// A uniform sample of k pixel pairs from a stream of unknown length, seeded: reservoir sampling with
/// geometric skips (Li's Algorithm L), so that a 400-megapixel image costs a few thousand random draws
/// rather than one per pixel. The sample depends only on the pixel order and the seed, not on how the
/// stream is cut into bands.
/// </summary>
internal sealed class PixelReservoir
{
    private readonly float[] _truth;
    private readonly float[] _prediction;
    private readonly Random _random;
    private long _seen;
    private long _next;
    private double _w;

    public PixelReservoir(int capacity, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _truth = new float[capacity];
        _prediction = new float[capacity];
        _random = new Random(seed);
    }

    /// <summary>Offers the next pixels of the stream.</summary>
    public void Offer(ReadOnlySpan<float> truth, ReadOnlySpan<float> prediction)
    {
        int k = _truth.Length;
        if (k == 0) return;
        long start = _seen;
        long end = start + truth.Length;
        int i = 0;
        while (_seen + i < k && i < truth.Length)
        {
            _truth[_seen + i] = truth[i];
            _prediction[_seen + i] = prediction[i];
            i++;
            if (start + i == k)
            {
                _w = Math.Exp(Math.Log(Uniform()) / k);
                _next = k - 1 + Skip();
            }
        }
        while (_seen + i >= k && _next < end)
        {
            int at = (int)(_next - start);
            int slot = _random.Next(k);
            _truth[slot] = truth[at];
            _prediction[slot] = prediction[at];
            _w *= Math.Exp(Math.Log(Uniform()) / k);
            _next += Skip();
        }
        _seen = end;
    }

    /// <summary>The pairs kept so far, in reservoir order.</summary>
    public IntensitySample ToSample()
    {
        int n = (int)Math.Min(_seen, _truth.Length);
        return n == 0 ? IntensitySample.Empty : new IntensitySample(_truth[..n], _prediction[..n]);
    }

    // Items to the next one taken: ⌊log u / log(1 − w)⌋ + 1.
    private long Skip()
    {
        double skip = Math.Floor(Math.Log(Uniform()) / Math.Log(1 - _w));
        // Past the end of any image once w underflows (or log(1 − w) rounds to 0).
        return skip < long.MaxValue / 4 ? (long)skip + 1 : long.MaxValue / 4;
    }

    // In (0, 1]: log is finite.
    private double Uniform() => 1 - _random.NextDouble();
}
