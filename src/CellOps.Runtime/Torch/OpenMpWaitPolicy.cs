using System.Runtime.InteropServices;

namespace CellOps.Runtime.Torch;

/// <summary>
/// How torch's OpenMP threads wait for each other. libgomp's default is to spin about 3 ms at every
/// barrier before sleeping; where other processes share the cores, a spinning thread holds a core that
/// the thread it waits for needs, and every operation is held up. CellOps asks for the passive policy
/// (sleep at once) unless the user chose a policy: measured on two shared cores, one tile's forward
/// took 130 ms instead of 4, and a 4096-tile prediction 16 s instead of 8 (bench/RESULTS.md).
/// </summary>
/// <remarks>
/// libgomp reads its settings once, when torch's native library is loaded, so this must run before
/// that; <see cref="TorchBackend"/> calls it. Only the native environment is changed: programs CellOps
/// starts keep the environment the user gave it.
/// </remarks>
public static class OpenMpWaitPolicy
{
    /// <summary>The variable libgomp (and LLVM's OpenMP) read.</summary>
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>libgomp's own spin count, which a user may have set instead of a policy.</summary>
    public const string SpinCountVariable = "GOMP_SPINCOUNT";

    /// <summary>What CellOps set <see cref="Variable"/> to, or null where it left the environment as it was.</summary>
    public static string? ChosenByCellOps { get; private set; }

    /// <summary>Sets <see cref="Variable"/> to PASSIVE on Linux unless the user set it or a spin count.</summary>
    public static void Choose()
    {
        if (!OperatingSystem.IsLinux() || ChosenByCellOps is not null) return;
        if (Environment.GetEnvironmentVariable(Variable) is not null || Environment.GetEnvironmentVariable(SpinCountVariable) is not null) return;
        // Environment.SetEnvironmentVariable changes only .NET's copy of the environment; libgomp reads the C library's.
        if (SetNative(Variable, "PASSIVE", 0) == 0) ChosenByCellOps = "PASSIVE";
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi)]
    private static extern int SetNative(string name, string value, int overwrite);
}
