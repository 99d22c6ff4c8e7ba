using System.Globalization;
using System.Runtime.InteropServices;

namespace CellOps.Benchmarks.Report;

/// <summary>What /proc/cpuinfo (and cpufreq, where present) says about the processor.</summary>
internal sealed record CpuInfo
{
    public string Model { get; init; } = RuntimeInformation.ProcessArchitecture.ToString();

    public string Vendor { get; init; } = "";

    public int Family { get; init; }

    /// <summary>The model number within the family (a VM's model name often hides the generation; this does not).</summary>
    public int ModelNumber { get; init; }

    public int LogicalCpus { get; init; } = Environment.ProcessorCount;

    public int PhysicalCores { get; init; } = Environment.ProcessorCount;

    /// <summary>Clock in MHz: cpufreq's maximum where the kernel exposes it, else the 'cpu MHz' line.</summary>
    public double? ClockMHz { get; init; }

    public bool ClockFromMaxFrequency { get; init; }

    public IReadOnlySet<string> Flags { get; init; } = new HashSet<string>();

    /// <summary>Reads this machine's processor description; fields stay at their defaults off Linux.</summary>
    public static CpuInfo Read()
    {
        const string path = "/proc/cpuinfo";
        if (!File.Exists(path)) return new CpuInfo();
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        var cores = new HashSet<(string Package, string Core)>();
        string package = "0";
        int logical = 0;
        foreach (var line in File.ReadLines(path))
        {
            int colon = line.IndexOf(':');
            if (colon < 0) continue;
            string key = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
            if (key == "processor") logical++;
            if (key == "physical id") package = value;
            if (key == "core id") cores.Add((package, value));
            first.TryAdd(key, value);
        }

        double? clock = null;
        bool fromMax = false;
        const string maxFrequency = "/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq";
        if (File.Exists(maxFrequency) && double.TryParse(File.ReadAllText(maxFrequency).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double khz))
        {
            clock = khz / 1000;
            fromMax = true;
        }
        else if (first.TryGetValue("cpu MHz", out var mhz) && double.TryParse(mhz, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
        {
            clock = parsed;
        }

        return new CpuInfo
        {
            Model = first.GetValueOrDefault("model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
            Vendor = first.GetValueOrDefault("vendor_id") ?? "",
            Family = int.TryParse(first.GetValueOrDefault("cpu family"), out int family) ? family : 0,
            ModelNumber = int.TryParse(first.GetValueOrDefault("model"), out int modelNumber) ? modelNumber : 0,
            LogicalCpus = logical > 0 ? logical : Environment.ProcessorCount,
            PhysicalCores = cores.Count > 0 ? cores.Count : Environment.ProcessorCount,
            ClockMHz = clock,
            ClockFromMaxFrequency = fromMax,
            Flags = (first.GetValueOrDefault("flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
        };
    }
}
