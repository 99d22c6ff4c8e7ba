using System.Buffers;
using System.IO.Compression;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// Encodes the strips or tiles of one Deflate page the way LibTiff.NET would (predictor, then one zlib
/// stream per chunk), but with a native zlib encoder: libdeflate where the system has it, else .NET's
/// zlib. LibTiff.NET's own managed zlib and predictor made writing whole-slide maps several times slower.
/// </summary>
internal sealed class TiffDeflateEncoder : IDisposable
{
    /// <summary>
    /// libdeflate level. Measured on 4096×4096 float32 probability planes (floating-point predictor) and 16-bit
    /// fluorescence and phase fields (horizontal predictor), strips and 256-pixel tiles, on one core: level 1
    /// wrote 150–160 MB/s against 55–100 at level 6 and 12–28 for LibTiff.NET, with files 1–3% larger.
    /// </summary>
    internal const int LibDeflateLevel = 1;

    /// <summary>
    /// .NET's zlib level where libdeflate is missing: its fastest level made 16-bit images a fifth larger, so
    /// this keeps LibTiff.NET's sizes and is still about three times as fast.
    /// </summary>
    internal const CompressionLevel ZlibLevel = CompressionLevel.Optimal;

    private readonly TiffPredictor _predictor;
    private readonly int _bytesPerSample;
    private readonly int _samplesPerPixel;
    private readonly bool _libDeflate;
    private readonly byte[] _predicted;
    private readonly byte[] _scratch;
    private byte[] _compressed;
    private MemoryStream? _stream;

    /// <param name="predictor">The page's predictor.</param>
    /// <param name="bytesPerSample">Bytes per sample (0 for bilevel pages, which take no predictor).</param>
    /// <param name="samplesPerPixel">Samples interleaved per pixel in a chunk (1 for planar pages).</param>
    /// <param name="chunkBytes">The largest chunk to be encoded.</param>
    public TiffDeflateEncoder(TiffPredictor predictor, int bytesPerSample, int samplesPerPixel, int chunkBytes)
    {
        _predictor = predictor;
        _bytesPerSample = bytesPerSample;
        _samplesPerPixel = samplesPerPixel;
        _libDeflate = LibDeflateCompressor.Available && Forced != DeflateEngine.DotNetZlib;
        _predicted = predictor == TiffPredictor.None ? [] : ArrayPool<byte>.Shared.Rent(chunkBytes);
        _scratch = predictor == TiffPredictor.FloatingPoint ? ArrayPool<byte>.Shared.Rent(chunkBytes) : [];
        int bound = _libDeflate ? LibDeflateCompressor.Bound(chunkBytes, LibDeflateLevel) ?? chunkBytes : 0;
        _compressed = _libDeflate ? ArrayPool<byte>.Shared.Rent(bound) : [];
    }

    /// <summary>
    /// Overrides the encoder for pages written on this thread (null: libdeflate where present), so tests and
    /// benchmarks can compare the encoders' files and speed.
    /// </summary>
    [ThreadStatic]
    internal static DeflateEngine? Forced;

    /// <summary>Who compresses Deflate pages.</summary>
    internal enum DeflateEngine
    {
        /// <summary>libdeflate (where missing, .NET's zlib).</summary>
        LibDeflate,
        /// <summary>.NET's zlib.</summary>
        DotNetZlib,
        /// <summary>LibTiff.NET's own managed codec: the writer does not use this encoder at all.</summary>
        LibTiffNet,
    }

    /// <summary>Whether this thread's Deflate pages are encoded here rather than by LibTiff.NET.</summary>
    internal static bool Enabled => Forced != DeflateEngine.LibTiffNet;

    /// <summary>Whether this encoder compresses with libdeflate.</summary>
    public bool UsesLibDeflate => _libDeflate;

    /// <summary>
    /// Encodes <paramref name="rows"/> rows of <paramref name="rowStride"/> bytes (samples in the machine's
    /// byte order); the result is valid until the next call.
    /// </summary>
    public ArraySegment<byte> Encode(ReadOnlySpan<byte> chunk, int rowStride, int rows)
    {
        var input = chunk[..(rowStride * rows)];
        if (_predictor != TiffPredictor.None)
        {
            var predicted = _predicted.AsSpan(0, input.Length);
            TiffPredictorEncoder.Apply(_predictor, input, predicted, rowStride, rows, _bytesPerSample, _samplesPerPixel, _scratch);
            input = predicted;
        }
        return _libDeflate ? CompressWithLibDeflate(input) : CompressWithZlib(input);
    }

    public void Dispose()
    {
        if (_predicted.Length > 0) ArrayPool<byte>.Shared.Return(_predicted);
        if (_scratch.Length > 0) ArrayPool<byte>.Shared.Return(_scratch);
        if (_compressed.Length > 0) ArrayPool<byte>.Shared.Return(_compressed);
        _compressed = [];
        _stream?.Dispose();
    }

    private ArraySegment<byte> CompressWithLibDeflate(ReadOnlySpan<byte> input)
    {
        // libdeflate promises its bound; should a chunk still not fit, zlib stores it rather than failing the page.
        int? written = LibDeflateCompressor.TryZlibCompress(input, _compressed, LibDeflateLevel);
        return written is { } count ? new ArraySegment<byte>(_compressed, 0, count) : CompressWithZlib(input);
    }

    private ArraySegment<byte> CompressWithZlib(ReadOnlySpan<byte> input)
    {
        var stream = _stream ??= new MemoryStream();
        stream.SetLength(0);
        using (var zlib = new ZLibStream(stream, ZlibLevel, leaveOpen: true))
        {
            zlib.Write(input);
        }
        return new ArraySegment<byte>(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
