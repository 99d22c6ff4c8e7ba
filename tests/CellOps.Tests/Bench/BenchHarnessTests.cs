using System.Diagnostics;
using System.Text.Json;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Bench;

/// <summary>
/// The benchmark harness (bench/CellOps.Benchmarks) in quick mode: it must run every suite, print its
/// table and write well-formed JSON, with or without the PyTorch peer installed. Figures are not
/// checked: quick mode measures tiny sizes once, and CI machines are shared.
/// </summary>
public sealed class BenchHarnessTests
{
    private static readonly string[] ExpectedRows =
    {
        "matmul.fp32", "network.inference", "network.training", "network.inference-gflops", "network.training-gflops",
        "network.shipped-vs-before", "network.lever.inference-mode", "network.lever.folded", "network.lever.channels-last", "pipeline.end-to-end", "pipeline.data-path",
        "tiff.uncompressed.strips", "tiff.uncompressed.tiles", "tiff.lzw.strips", "tiff.lzw.tiles", "tiff.deflate.strips", "tiff.deflate.tiles",
        "large-image.tiling-peak", "large-image.predict-peak",
        "whole-slide.tile-classifier.time", "whole-slide.tile-classifier.peak", "whole-slide.tile-classifier.vs-model", "whole-slide.tile-classifier.parity",
        "whole-slide.class-distribution.time", "whole-slide.class-distribution.peak", "whole-slide.class-distribution.vs-model", "whole-slide.class-distribution.parity",
        "network.wnet.inference", "network.wnet.training", "network.class-distribution.inference", "network.class-distribution.training",
        "network.patch-classifier.inference", "network.patch-classifier.training",
        "network.fully-convolutional.inference", "network.fully-convolutional.training",
        "translation-network.inference", "translation-network.training", "translation-network.inference-gflops", "translation-network.training-gflops",
        "resnet.resnet18.parity", "resnet.resnet18.64.inference", "resnet.resnet18.64.training", "resnet.resnet18.64.inference-gflops", "resnet.resnet18.64.training-gflops",
        "batch-search.branin.k1.regret", "batch-search.branin.k4.regret", "batch-search.branin.k4.rounds",
    };

    [Fact]
    public void Quick_mode_runs_every_suite_and_writes_a_well_formed_table_and_json()
    {
        using var temp = new TempFolder();
        string json = temp.File("quick.json");

        var run = Harness("--quick", "--json", json);

        Assert.True(run.ExitCode == 0, $"The harness failed (exit {run.ExitCode}):\n{run.Output}\n{run.Errors}");
        Assert.Contains("benchmark", run.Output);
        Assert.Contains("result", run.Output);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.Equal("quick", root.GetProperty("mode").GetString());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("date").GetString(), out _));
        var machine = root.GetProperty("machine");
        foreach (var fact in new[] { "cpuModel", "os", "dotnet", "torchSharp", "libtorch" })
        {
            Assert.False(string.IsNullOrWhiteSpace(machine.GetProperty(fact).GetString()), $"machine.{fact} is empty");
        }
        Assert.True(machine.GetProperty("threads").GetInt32() >= 1);
        Assert.True(machine.GetProperty("physicalCores").GetInt32() >= 1);
        Assert.True(machine.GetProperty("memoryGiB").GetDouble() > 0);

        var rows = root.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        foreach (var id in ExpectedRows) Assert.True(rows.ContainsKey(id), $"no row {id}; rows: {string.Join(", ", rows.Keys)}");
        foreach (var (id, row) in rows)
        {
            string result = row.GetProperty("result").GetString()!;
            Assert.True(result is "met" or "MISSED" or "info" or "peer not installed", $"{id}: result '{result}' ({row.GetProperty("note")})");
            var figure = row.GetProperty("cellops");
            Assert.True(figure.GetProperty("runs").GetInt32() >= 1, $"{id} has no runs");
            double min = figure.GetProperty("min").GetDouble(), median = figure.GetProperty("median").GetDouble(), max = figure.GetProperty("max").GetDouble();
            Assert.True(min <= median && median <= max, $"{id}: min {min}, median {median}, max {max}");
            Assert.True(row.GetProperty("unit").GetString()!.Length > 0, $"{id} has no unit");
            if (row.GetProperty("peer").ValueKind == JsonValueKind.Object) Assert.True(row.GetProperty("ratio").GetDouble() > 0, $"{id} has a peer but no ratio");
        }
    }

    [Fact]
    public void A_missing_PyTorch_peer_gives_peer_not_installed_rows_instead_of_failing()
    {
        using var temp = new TempFolder();
        string json = temp.File("no-torch.json");

        var run = Harness("--quick", "--only", "matmul,network", "--python", temp.File("no-such-python"), "--json", json);

        Assert.True(run.ExitCode == 0, $"The harness failed (exit {run.ExitCode}):\n{run.Output}\n{run.Errors}");
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var rows = document.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        foreach (var id in new[] { "matmul.fp32", "network.inference", "network.training" })
        {
            Assert.Equal("peer not installed", rows[id].GetProperty("result").GetString());
            Assert.Equal(JsonValueKind.Null, rows[id].GetProperty("peer").ValueKind);
            Assert.True(rows[id].GetProperty("cellops").GetProperty("median").GetDouble() > 0);
        }
        Assert.Contains("peer not installed", run.Output);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("machine").GetProperty("pytorch").ValueKind);
    }

    private static (int ExitCode, string Output, string Errors) Harness(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(HarnessProgram());
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The quick harness ran over 5 minutes:\n{output.Result}");
        }
        return (process.ExitCode, output.Result, errors.Result);
    }

    /// <summary>The harness built in the same configuration as these tests (the test project builds it).</summary>
    private static string HarnessProgram()
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        string bin = Path.Combine(RepoPaths.Root, "bench", "CellOps.Benchmarks", "bin", configuration);
        string? program = Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, "CellOps.Benchmarks.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
        return program ?? throw new FileNotFoundException($"CellOps.Benchmarks.dll is not under {bin}; build bench/CellOps.Benchmarks in {configuration}.");
    }
}
