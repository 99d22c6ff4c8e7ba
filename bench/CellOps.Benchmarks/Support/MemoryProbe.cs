using System.Diagnostics;
using System.Globalization;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// The process's resident memory and its true peak. On Linux the kernel tracks the peak (VmHWM) and
/// lets a process reset it (writing 5 to /proc/self/clear_refs), so the peak of one phase is exact,
/// not sampled; elsewhere the peak comes from sampling the working set.
/// </summary>
internal static class MemoryProbe
{
    private const string Status = "/proc/self/status";

    /// <summary>Whether the peak can be reset (Linux); otherwise <see cref="Peak"/> is the whole process's.</summary>
    public static bool CanResetPeak { get; } = File.Exists("/proc/self/clear_refs") && TryReset();

    /// <summary>Collects garbage and returns the resident bytes: the baseline a phase is measured against.</summary>
    public static long SettledResident()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Resident();
    }

    /// <summary>Resident bytes now.</summary>
    public static long Resident() => Read("VmRSS:") ?? WorkingSet();

    /// <summary>Highest resident bytes since the last <see cref="ResetPeak"/> (or process start).</summary>
    public static long Peak() => Read("VmHWM:") ?? PeakWorkingSet();

    /// <summary>Starts a new peak at the current resident size, where the kernel allows it.</summary>
    public static void ResetPeak()
    {
        if (CanResetPeak) TryReset();
    }

    private static bool TryReset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? Read(string key)
    {
        if (!File.Exists(Status)) return null;
        foreach (var line in File.ReadLines(Status))
        {
            if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
            var kb = line[key.Length..].Trim().Split(' ')[0];
            return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }
        return null;
    }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
