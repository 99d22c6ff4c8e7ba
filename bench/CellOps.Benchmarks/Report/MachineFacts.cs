using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace CellOps.Benchmarks.Report;

/// <summary>The facts about the machine and software that a figure only means something together with.</summary>
internal sealed record MachineFacts
{
    public required CpuInfo Cpu { get; init; }

    public required double MemoryGiB { get; init; }

    public required string Os { get; init; }

    public required string Kernel { get; init; }

    public required string DotNet { get; init; }

    public required string TorchSharp { get; init; }

    public required string LibTorch { get; init; }

    /// <summary>CellOps' TIFF decoder.</summary>
    public required string LibTiffNet { get; init; }

    public required int Threads { get; init; }

    public required string Hypervisor { get; init; }

    public required string LoadAverageAtStart { get; init; }

    public string? LoadAverageAtEnd { get; set; }

    /// <summary>Filled in once the PyTorch peer has said hello.</summary>
    public string? PyTorch { get; set; }

    /// <summary>Filled in once the libtiff peer has been built.</summary>
    public string? LibTiff { get; set; }

    public required PeakFlops? Peak { get; init; }

    /// <summary>Collects the facts; torch must be loaded.</summary>
    public static MachineFacts Collect(int threads)
    {
        var cpu = CpuInfo.Read();
        return new MachineFacts
        {
            Cpu = cpu,
            MemoryGiB = MemoryTotalGiB(),
            Os = OsName(),
            Kernel = KernelRelease(),
            DotNet = RuntimeInformation.FrameworkDescription,
            TorchSharp = InformationalVersion(typeof(torch).Assembly),
            LibTorch = torch.__version__,
            LibTiffNet = InformationalVersion(typeof(BitMiracle.LibTiff.Classic.Tiff).Assembly),
            Threads = threads,
            Hypervisor = cpu.Flags.Contains("hypervisor") ? "virtual machine" : "none reported",
            LoadAverageAtStart = LoadAverage(),
            Peak = PeakFlops.Estimate(cpu, threads),
        };
    }

    /// <summary>The 1, 5 and 15 minute load averages, or "n/a": a shared machine's load moves every figure.</summary>
    public static string LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) ? string.Join(' ', File.ReadAllText(path).Split(' ').Take(3)) : "n/a";
    }

    private static string KernelRelease()
    {
        const string path = "/proc/sys/kernel/osrelease";
        return File.Exists(path) ? "Linux " + File.ReadAllText(path).Trim() : RuntimeInformation.OSDescription;
    }

    private static string InformationalVersion(Assembly assembly)
    {
        string? version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // Source-link builds append "+<commit>"; the version is what identifies the package.
        return version?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }

    private static double MemoryTotalGiB()
    {
        const string path = "/proc/meminfo";
        if (!File.Exists(path)) return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (double)(1L << 30);
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal)) continue;
            var kb = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return double.Parse(kb, CultureInfo.InvariantCulture) / (1 << 20);
        }
        return 0;
    }

    private static string OsName()
    {
        const string path = "/etc/os-release";
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)) return line["PRETTY_NAME=".Length..].Trim('"');
            }
        }
        return RuntimeInformation.OSDescription;
    }
}
