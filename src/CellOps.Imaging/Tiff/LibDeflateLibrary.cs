using System.Runtime.InteropServices;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// The system's libdeflate, found once by its usual names (Debian's libtiff depends on it); its
/// decompressor (<see cref="LibDeflate"/>) and compressor (<see cref="LibDeflateCompressor"/>) take
/// their entry points from it.
/// </summary>
internal static class LibDeflateLibrary
{
    private static readonly IntPtr Handle = Load();

    /// <summary>The address of <paramref name="name"/> in libdeflate; false where the library or the entry point is missing.</summary>
    public static bool TryGetExport(string name, out IntPtr address)
    {
        address = IntPtr.Zero;
        return Handle != IntPtr.Zero && NativeLibrary.TryGetExport(Handle, name, out address);
    }

    private static IntPtr Load()
    {
        foreach (var name in new[] { "libdeflate.so.0", "libdeflate.so", "libdeflate.0.dylib", "libdeflate.dll" })
        {
            if (NativeLibrary.TryLoad(name, out var library)) return library;
        }
        return IntPtr.Zero;
    }
}
