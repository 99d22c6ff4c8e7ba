namespace CellOps.Imaging.Tiff;

/// <summary>
/// libdeflate's zlib decompressor, where the system has the library (Debian's libtiff depends on it, and
/// libtiff decodes Deflate strips with it): about 1.5 times as fast as zlib on TIFF strips. Where it is
/// missing, or a strip decodes to more bytes than the strip holds, callers use .NET's zlib instead.
/// </summary>
internal static unsafe class LibDeflate
{
    private const int Success = 0;

    private static readonly delegate* unmanaged<IntPtr> Allocate;
    private static readonly delegate* unmanaged<IntPtr, byte*, nuint, byte*, nuint, nuint*, int> ZlibDecompress;

    [ThreadStatic]
    private static IntPtr _decompressor;

    static LibDeflate()
    {
        if (LibDeflateLibrary.TryGetExport("libdeflate_alloc_decompressor", out var allocate)
            && LibDeflateLibrary.TryGetExport("libdeflate_zlib_decompress", out var decompress))
        {
            Allocate = (delegate* unmanaged<IntPtr>)allocate;
            ZlibDecompress = (delegate* unmanaged<IntPtr, byte*, nuint, byte*, nuint, nuint*, int>)decompress;
            Available = true;
        }
    }

    /// <summary>Whether the library was found.</summary>
    public static bool Available { get; }

    /// <summary>
    /// Decompresses a whole zlib stream into <paramref name="destination"/>; returns the bytes produced, or
    /// null where libdeflate is missing or could not decode it into that room (the caller then uses zlib,
    /// which also tells damaged data from extra data).
    /// </summary>
    public static int? TryZlibDecompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (!Available) return null;
        // One decompressor per thread: an instance is not safe to share, and it is small.
        if (_decompressor == IntPtr.Zero) _decompressor = Allocate();
        if (_decompressor == IntPtr.Zero) return null;
        nuint produced = 0;
        int result;
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            result = ZlibDecompress(_decompressor, input, (nuint)source.Length, output, (nuint)destination.Length, &produced);
        }
        return result == Success ? (int)produced : null;
    }
}
