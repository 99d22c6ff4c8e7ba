namespace CellOps.Imaging.Tiff;

/// <summary>
/// libdeflate's zlib compressor, where the system has the library: several times as fast as the managed
/// zlib inside LibTiff.NET at a similar size, which makes it the writer's Deflate encoder of choice.
/// Where it is missing, <see cref="TiffDeflateEncoder"/> uses .NET's zlib instead.
/// </summary>
internal static unsafe class LibDeflateCompressor
{
    private static readonly delegate* unmanaged<int, IntPtr> Allocate;
    private static readonly delegate* unmanaged<IntPtr, byte*, nuint, byte*, nuint, nuint> ZlibCompress;
    private static readonly delegate* unmanaged<IntPtr, nuint, nuint> ZlibCompressBound;

    // One compressor per thread and level: an instance is not safe to share, and allocating one per strip
    // would cost more than compressing a small strip.
    [ThreadStatic]
    private static IntPtr[]? _compressors;

    static LibDeflateCompressor()
    {
        if (LibDeflateLibrary.TryGetExport("libdeflate_alloc_compressor", out var allocate)
            && LibDeflateLibrary.TryGetExport("libdeflate_zlib_compress", out var compress)
            && LibDeflateLibrary.TryGetExport("libdeflate_zlib_compress_bound", out var bound))
        {
            Allocate = (delegate* unmanaged<int, IntPtr>)allocate;
            ZlibCompress = (delegate* unmanaged<IntPtr, byte*, nuint, byte*, nuint, nuint>)compress;
            ZlibCompressBound = (delegate* unmanaged<IntPtr, nuint, nuint>)bound;
            Available = true;
        }
    }

    /// <summary>Whether the library was found.</summary>
    public static bool Available { get; }

    /// <summary>The most bytes a zlib stream of <paramref name="length"/> input bytes can take; null where libdeflate is missing.</summary>
    public static int? Bound(int length, int level)
    {
        var compressor = CompressorFor(level);
        if (compressor == IntPtr.Zero) return null;
        return checked((int)ZlibCompressBound(compressor, (nuint)length));
    }

    /// <summary>
    /// Compresses <paramref name="source"/> into one zlib stream in <paramref name="destination"/>; returns the
    /// bytes written, or null where libdeflate is missing or the stream did not fit.
    /// </summary>
    /// <param name="level">libdeflate level, 1 (fastest) to 12 (smallest).</param>
    public static int? TryZlibCompress(ReadOnlySpan<byte> source, Span<byte> destination, int level)
    {
        var compressor = CompressorFor(level);
        if (compressor == IntPtr.Zero) return null;
        nuint written;
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            written = ZlibCompress(compressor, input, (nuint)source.Length, output, (nuint)destination.Length);
        }
        return written == 0 ? null : (int)written;
    }

    private static IntPtr CompressorFor(int level)
    {
        if (!Available) return IntPtr.Zero;
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 12);
        var compressors = _compressors ??= new IntPtr[13];
        if (compressors[level] == IntPtr.Zero) compressors[level] = Allocate(level);
        return compressors[level];
    }
}
