using System.Globalization;

namespace CellOps.Benchmarks.Report;

/// <summary>
/// An estimate of the machine's fp32 peak: physical cores used × clock × fp32 FLOPs per cycle and core,
/// the last read off the instruction-set flags in /proc/cpuinfo. It is an estimate, and the method says
/// which assumptions it made, because turbo and AVX-512 clock offsets move the real peak either way.
/// </summary>
/// <param name="GigaFlops">Estimated peak in GFLOP/s for the cores used.</param>
/// <param name="Cores">Physical cores counted (the threads used, at most the physical cores).</param>
/// <param name="ClockGHz">The clock assumed.</param>
/// <param name="FlopsPerCycle">fp32 FLOPs per cycle and core assumed.</param>
/// <param name="Method">How each factor was found, for the report.</param>
internal sealed record PeakFlops(double GigaFlops, int Cores, double ClockGHz, int FlopsPerCycle, string Method)
{
    /// <summary>Estimates the peak of <paramref name="threads"/> threads on this machine; null where /proc/cpuinfo is missing.</summary>
    public static PeakFlops? Estimate(CpuInfo cpu, int threads)
    {
        if (cpu.ClockMHz is not > 0 || cpu.Flags.Count == 0) return null;
        var (perCycle, why) = PerCycle(cpu);
        int cores = Math.Min(threads, cpu.PhysicalCores);
        double ghz = cpu.ClockMHz.Value / 1000;
        string clockSource = cpu.ClockFromMaxFrequency ? "cpufreq's maximum frequency" : "/proc/cpuinfo 'cpu MHz' (the nominal clock a VM reports; turbo may run higher, AVX-512 code lower)";
        string method = string.Create(CultureInfo.InvariantCulture,
            $"{cores} physical core(s) x {ghz:0.###} GHz ({clockSource}) x {perCycle} fp32 FLOP/cycle ({why})");
        return new PeakFlops(cores * ghz * perCycle, cores, ghz, perCycle, method);
    }

    private static (int PerCycle, string Why) PerCycle(CpuInfo cpu)
    {
        bool fma = cpu.Flags.Contains("fma");
        if (cpu.Flags.Contains("avx512f"))
        {
            // AMD's Zen 4 (family 25) executes 512-bit operations as two 256-bit halves; Zen 5 and
            // Intel's server cores have two full 512-bit FMA units.
            if (cpu.Vendor == "AuthenticAMD" && cpu.Family <= 25) return (32, "AVX-512 on Zen 4: two 256-bit FMA pipes, 2 x 8 lanes x 2");
            return (64, "avx512f + fma: assumes two 512-bit FMA units, 2 x 16 lanes x 2");
        }
        if (cpu.Flags.Contains("avx2") && fma) return (32, "avx2 + fma: two 256-bit FMA units, 2 x 8 lanes x 2");
        if (cpu.Flags.Contains("avx")) return (16, "avx without fma: one 256-bit add and one multiply per cycle");
        return (8, "SSE: one 128-bit add and one multiply per cycle");
    }
}
