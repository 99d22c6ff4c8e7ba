using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CellOps.Benchmarks.Report;

/// <summary>Everything one harness run measured: the machine, the rows, and how to print and store them.</summary>
internal sealed class BenchReport
{
    private readonly List<BenchRow> _rows = new();

    public BenchReport(string mode, MachineFacts machine)
    {
        Mode = mode;
        Machine = machine;
    }

    /// <summary>"full" or "quick".</summary>
    public string Mode { get; }

    public MachineFacts Machine { get; }

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? Finished { get; set; }

    public IReadOnlyList<BenchRow> Rows => _rows;

    public void Add(BenchRow row) => _rows.Add(row);

    /// <summary>Prints the table: one line per row, then the machine in a few lines.</summary>
    public void WriteTable(TextWriter output)
    {
        string[] header = { "benchmark", "CellOps", "peer", "vs", "unit", "ratio", "goal", "result" };
        var lines = _rows.Select(r => new[]
        {
            r.Benchmark,
            Number(r.CellOps?.Median),
            Number(r.Peer?.Median),
            r.PeerName ?? "",
            r.Unit,
            r.Ratio is double ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "",
            r.Goal?.Text ?? "",
            r.Result,
        }).ToList();
        int[] widths = header.Select((h, i) => Math.Max(h.Length, lines.Count == 0 ? 0 : lines.Max(l => l[i].Length))).ToArray();
        bool[] right = { false, true, true, false, false, true, false, false };

        string Format(string[] cells)
        {
            var text = new StringBuilder();
            for (int i = 0; i < cells.Length; i++)
            {
                if (i > 0) text.Append("  ");
                text.Append(right[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
            }
            return text.ToString().TrimEnd();
        }

        output.WriteLine(Format(header));
        output.WriteLine(Format(widths.Select(w => new string('-', w)).ToArray()));
        foreach (var line in lines) output.WriteLine(Format(line));
        output.WriteLine();
        foreach (var row in _rows.Where(r => r.Note is not null)) output.WriteLine($"  {row.Benchmark}: {row.Note}");
        output.WriteLine();
        var m = Machine;
        output.WriteLine($"machine: {m.Cpu.Model} (family {m.Cpu.Family}, model {m.Cpu.ModelNumber}), {m.Cpu.PhysicalCores} core(s) / {m.Cpu.LogicalCpus} CPU(s), "
            + $"{m.MemoryGiB:0.0} GiB, {m.Os}, {m.Kernel} ({m.Hypervisor})");
        output.WriteLine($"software: {m.DotNet}; TorchSharp {m.TorchSharp} (libtorch {m.LibTorch}); PyTorch {m.PyTorch ?? "not installed"}; "
            + $"LibTiff.NET {m.LibTiffNet}; libtiff {m.LibTiff ?? "not installed"}; {m.Threads} thread(s)");
        if (m.Peak is { } peak) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"estimated fp32 peak: {peak.GigaFlops:0} GFLOP/s = {peak.Method}"));
        output.WriteLine($"load average: {m.LoadAverageAtStart} at start, {m.LoadAverageAtEnd ?? "?"} at end; {Mode} run, {Started:yyyy-MM-dd HH:mm} UTC, "
            + $"{((Finished ?? DateTimeOffset.UtcNow) - Started).TotalMinutes:0.0} min");
    }

    /// <summary>Writes the report as JSON (creating the folder).</summary>
    public void WriteJson(string path)
    {
        var m = Machine;
        var document = new
        {
            date = Started.ToString("O", CultureInfo.InvariantCulture),
            mode = Mode,
            durationSeconds = Math.Round(((Finished ?? DateTimeOffset.UtcNow) - Started).TotalSeconds, 1),
            machine = new
            {
                cpuModel = m.Cpu.Model,
                cpuVendor = m.Cpu.Vendor,
                cpuFamily = m.Cpu.Family,
                cpuModelNumber = m.Cpu.ModelNumber,
                physicalCores = m.Cpu.PhysicalCores,
                logicalCpus = m.Cpu.LogicalCpus,
                clockMHz = m.Cpu.ClockMHz,
                memoryGiB = Math.Round(m.MemoryGiB, 2),
                os = m.Os,
                kernel = m.Kernel,
                hypervisor = m.Hypervisor,
                dotnet = m.DotNet,
                torchSharp = m.TorchSharp,
                libtorch = m.LibTorch,
                pytorch = m.PyTorch,
                libTiffNet = m.LibTiffNet,
                libtiff = m.LibTiff,
                threads = m.Threads,
                loadAverageAtStart = m.LoadAverageAtStart,
                loadAverageAtEnd = m.LoadAverageAtEnd,
            },
            peakEstimate = m.Peak is { } p ? new { gflops = Math.Round(p.GigaFlops, 1), cores = p.Cores, clockGHz = p.ClockGHz, flopsPerCycle = p.FlopsPerCycle, method = p.Method } : null,
            rows = _rows.Select(r => new
            {
                id = r.Id,
                benchmark = r.Benchmark,
                unit = r.Unit,
                cellops = Json(r.CellOps),
                peer = Json(r.Peer),
                peerName = r.PeerName,
                ratio = r.Ratio is double ratio ? Math.Round(ratio, 4) : (double?)null,
                roundRatios = r.RoundRatios?.Select(v => Math.Round(v, 4)),
                goal = r.Goal?.Text,
                result = r.Result,
                note = r.Note,
            }),
        };
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        File.WriteAllText(full, JsonSerializer.Serialize(document, options) + "\n");
    }

    private static object? Json(Figure? f) => f is null ? null
        : new { median = Round(f.Median), min = Round(f.Min), max = Round(f.Max), runs = f.Runs, samples = f.Samples.Select(Round) };

    private static double Round(double value) => Math.Round(value, value >= 100 ? 1 : 4);

    /// <summary>Three significant figures or so, without exponents: 1234, 123.4, 12.34, 1.234.</summary>
    public static string Number(double? value) => value switch
    {
        null => "",
        >= 1000 => value.Value.ToString("0", CultureInfo.InvariantCulture),
        >= 100 => value.Value.ToString("0.0", CultureInfo.InvariantCulture),
        >= 10 => value.Value.ToString("0.00", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0.000", CultureInfo.InvariantCulture),
    };
}
