using System.Runtime.InteropServices;

namespace CellOps.Runtime.Torch;

/// <summary>
/// How the C library's allocator keeps the memory torch frees. With glibc's defaults, blocks of a few to
/// tens of MB (each batch's activations, each training step's saved tensors) go back to the kernel when
/// they are freed: blocks over the mmap threshold at once, the top of a heap past the trim threshold, and
/// on threads other than the process's first (a PowerShell pipeline runs on one) whole secondary heaps.
/// Every batch then faults its memory in again as fresh pages the kernel must clear. Measured on a dense
/// model over a 4608² slide in pwsh (2 cores): 25 s of kernel time and 27.5 s predicting with the
/// defaults, 1.7 s and 14.2 s with the settings below (bench/RESULTS.md). CellOps sets them unless the
/// user tuned the allocator.
/// </summary>
/// <remarks>
/// The cost is memory kept rather than returned: freed blocks under <see cref="MmapThreshold"/> stay in
/// the heap for the next batch, a heap keeps <see cref="TopPad"/> free at its top, and its free top is
/// trimmed only past <see cref="TrimThreshold"/>; about 130 MB more resident in that run. Only glibc is
/// changed (other C libraries have no such <c>mallopt</c>); <see cref="TorchBackend"/> calls this before
/// torch allocates anything.
/// </remarks>
public static class NativeHeap
{
    /// <summary>Blocks at least this large are still mapped on their own and returned when freed.</summary>
    public const long MmapThreshold = 64L << 20;

    /// <summary>The heap's free top is returned to the kernel once it is larger than this.</summary>
    public const long TrimThreshold = 128L << 20;

    /// <summary>Room kept free at the top of a heap when it grows or is trimmed.</summary>
    public const long TopPad = 64L << 20;

    // glibc's mallopt parameter numbers (malloc.h).
    private const int MTrimThreshold = -1;
    private const int MTopPad = -2;
    private const int MMmapThreshold = -3;

    private static readonly string[] UserSettings = ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_"];

    /// <summary>Whether CellOps set the allocator (false where the user tuned the allocator, or it is not glibc).</summary>
    public static bool TunedByCellOps { get; private set; }

    /// <summary>Raises glibc's mmap and trim thresholds and its top pad, unless the user set any of them (or any malloc tunable).</summary>
    public static void Tune()
    {
        if (!OperatingSystem.IsLinux() || TunedByCellOps) return;
        if (UserSettings.Any(name => Environment.GetEnvironmentVariable(name) is not null)) return;
        if (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is { } tunables && tunables.Contains("glibc.malloc.", StringComparison.Ordinal)) return;
        if (!NativeLibrary.TryLoad("libc.so.6", out var libc)) return;
        // gnu_get_libc_version exists only in glibc: musl's mallopt accepts the call and does nothing.
        if (!NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out _) || !NativeLibrary.TryGetExport(libc, "mallopt", out var mallopt)) return;
        unsafe
        {
            var set = (delegate* unmanaged<int, int, int>)mallopt;
            TunedByCellOps = set(MMmapThreshold, (int)MmapThreshold) == 1 && set(MTrimThreshold, (int)TrimThreshold) == 1 && set(MTopPad, (int)TopPad) == 1;
        }
    }
}
