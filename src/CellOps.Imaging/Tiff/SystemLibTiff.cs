using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// The operating system's libtiff (libtiff.so.6 on Linux), used only to decode strips and tiles whose
/// compression LibTiff.NET lacks (Zstandard, LZMA, WebP) where that library has the codec. Everything else
/// (geometry, validation, sample layout) stays with LibTiff.NET; the chunks libtiff returns are the
/// same decoded bytes LibTiff.NET's ReadEncodedStrip/Tile would give.
/// </summary>
/// <remarks>
/// Each read opens the file, selects the page and closes it again: slower than a held handle, but it
/// keeps no native state alive between reads. Absent the library or the codec, the page is refused as
/// before, naming the codec.
/// </remarks>
internal static partial class SystemLibTiff
{
    private const string Library = "libtiff.so.6";
    private static readonly Lazy<bool> s_loaded = new(() =>
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return NativeLibrary.TryLoad(Library, typeof(SystemLibTiff).Assembly, null, out _);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            return false;
        }
    });

    /// <summary>Compressions this fallback is tried for.</summary>
    private static readonly int[] s_codecs = [34925 /* LZMA */, 50000 /* Zstandard */, 50001 /* WebP */];

    /// <summary>Whether <paramref name="compression"/> is one this fallback is tried for.</summary>
    public static bool IsFallbackFor(Compression compression) => s_codecs.Contains((int)compression);

    /// <summary>Whether the system library is there and decodes <paramref name="compression"/>.</summary>
    public static bool Decodes(Compression compression)
    {
        if (!s_codecs.Contains((int)compression) || !s_loaded.Value) return false;
        try
        {
            return TIFFIsCODECConfigured((ushort)compression) != 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Decodes strip or tile <paramref name="chunk"/> of directory <paramref name="directory"/> into
    /// <paramref name="buffer"/>; the number of bytes decoded, or an explanation why none were.
    /// </summary>
    public static (int Bytes, string? Problem) ReadChunk(string path, int directory, bool tiled, int chunk, byte[] buffer, int size)
    {
        // libtiff prints warnings and errors to stderr unless told otherwise; CellOps reports its own.
        TIFFSetErrorHandler(IntPtr.Zero);
        TIFFSetWarningHandler(IntPtr.Zero);
        IntPtr tif = TIFFOpen(path, "rm");
        if (tif == IntPtr.Zero) return (-1, "the system libtiff could not open it");
        try
        {
            if (TIFFSetDirectory(tif, (ushort)directory) == 0) return (-1, $"the system libtiff could not read directory {directory}");
            unsafe
            {
                fixed (byte* target = buffer)
                {
                    nint read = tiled
                        ? TIFFReadEncodedTile(tif, (uint)chunk, (IntPtr)target, size)
                        : TIFFReadEncodedStrip(tif, (uint)chunk, (IntPtr)target, size);
                    return read < 0 ? (-1, "the system libtiff could not decode it") : ((int)read, null);
                }
            }
        }
        finally
        {
            TIFFClose(tif);
        }
    }

    [LibraryImport(Library)]
    private static partial int TIFFIsCODECConfigured(ushort scheme);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr TIFFOpen(string path, string mode);

    [LibraryImport(Library)]
    private static partial void TIFFClose(IntPtr tif);

    [LibraryImport(Library)]
    private static partial int TIFFSetDirectory(IntPtr tif, ushort directory);

    [LibraryImport(Library)]
    private static partial nint TIFFReadEncodedStrip(IntPtr tif, uint strip, IntPtr buffer, nint size);

    [LibraryImport(Library)]
    private static partial nint TIFFReadEncodedTile(IntPtr tif, uint tile, IntPtr buffer, nint size);

    [LibraryImport(Library)]
    private static partial IntPtr TIFFSetErrorHandler(IntPtr handler);

    [LibraryImport(Library)]
    private static partial IntPtr TIFFSetWarningHandler(IntPtr handler);
}
