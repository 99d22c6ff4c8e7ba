using System.Globalization;
using System.Text.RegularExpressions;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Scripts;

/// <summary>
/// examples/blood-cell-architectures.ps1 in its reduced mode in real pwsh (eng/pwsh), on the real PBC images
/// (../shared/data/pbc-blood-cells) and BCCD smears: every network and start on both tasks, the PyTorch import,
/// the per-subtype groups and the Grad-CAM overlays. One epoch on 16 images per type learns little, so the run
/// is checked for what it reports being consistent and complete, not for accuracy (the README has a full run).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class BloodCellArchitecturesExampleTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.Examples, "blood-cell-architectures.ps1");
    private static readonly string[] Types = ["basophil", "eosinophil", "erythroblast", "ig", "lymphocyte", "monocyte", "neutrophil", "platelet"];
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Shared => RepoPaths.SharedData ?? throw new DirectoryNotFoundException("No shared/data folder beside the repository.");

    [Fact]
    public void Without_the_data_set_the_example_says_where_it_looked_and_how_to_point_it_elsewhere()
    {
        var result = PwshProcess.Run(Script, "-DataPath", _folder.File("nowhere"), "-Quick");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("pbc-blood-cells", result.Error);
        Assert.Contains("-DataPath", result.Error);
    }

    [Fact]
    public void The_quick_run_compares_every_network_and_start_on_both_tasks_and_explains_the_best()
    {
        string output = _folder.File("out");
        // About 50 s on the 2-core build machine: three pre-trainings and thirteen runs of one epoch.
        using var run = PwshProcess.Start(new PwshStart
        {
            Arguments = [Script, "-DataPath", Path.Combine(Shared, "pbc-blood-cells"), "-SmearPath", Path.Combine(Shared, "bccd-smears"), "-OutputDirectory", output, "-Quick"],
        });
        var result = run.WaitForExit(TimeSpan.FromMinutes(6));
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Contains("128 training and 32 test images of 8 types", result.Output);

        var starts = new List<(string Task, string Network, string Start)>();
        foreach (var task in new[] { "eight types", "mature vs immature" })
            foreach (var network in new[] { "WNet", "ResNet18", "ResNet50" })
                foreach (var start in new[] { "scratch", "BCCD base" })
                    starts.Add((task, network, start));
        starts.Add(("mature vs immature", "ResNet18", "PyTorch file"));
        foreach (var (task, network, start) in starts)
        {
            string key = $@"^{Regex.Escape(task)}\s+{network}\s+{Regex.Escape(start)}\s+";
            var row = Regex.Match(result.Output, key + @"(\d\.\d{3})\s+(\d\.\d{3})\s+(\d+\.\d)\s*$", RegexOptions.Multiline);
            Assert.True(row.Success, $"no row for {task} {network} {start} in:\n{result.Output}");
            var recall = Regex.Match(result.Output, key + @"((?:\S+:\d\.\d\d ?)+)$", RegexOptions.Multiline);
            Assert.True(recall.Success, $"no recall for {task} {network} {start}");
            var perClass = recall.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(':')).ToArray();
            Assert.Equal(task == "eight types" ? Types : ["immature", "mature"], perClass.Select(p => p[0]));
            // Balanced accuracy is the mean of the per-class recalls (printed to two places).
            double mean = perClass.Average(p => double.Parse(p[1], CultureInfo.InvariantCulture));
            Assert.InRange(double.Parse(row.Groups[2].Value, CultureInfo.InvariantCulture), mean - 0.01, mean + 0.01);
            // The test sets are balanced, so accuracy and balanced accuracy agree.
            Assert.Equal(row.Groups[1].Value, row.Groups[2].Value);
        }

        // The PyTorch ResNet-18 was imported (1000 classes) before fine-tuning from it.
        Assert.Matches(@"pytorch-resnet18\.cell\S*\s+NeuralFate\.ResNet18\s+1000\s+64\s+resnet18-fp16\.pth", result.Output);
        // Per-subtype groups from the file-name prefixes, and one overlay and one map per type.
        foreach (var subtype in new[] { "BA", "BNE", "ERB", "LY", "MO", "PLATELET" }) Assert.Matches($@"(?m)^{subtype}\s+\d+\s+\d+\s+\d\.\d{{3}}", result.Output);
        var attention = Directory.GetFiles(Path.Combine(output, "attention"));
        Assert.Equal(8, attention.Count(f => f.EndsWith(".attention.png", StringComparison.Ordinal)));
        Assert.Equal(8, attention.Count(f => f.EndsWith(".attention-map.png", StringComparison.Ordinal)));
        Assert.True(File.Exists(Path.Combine(output, "eighttypes-resnet50-bccdbase.cellmodel")));
        Assert.True(File.Exists(Path.Combine(output, "eighttypes-resnet18-scratch-report", "groups.csv")));
    }
}
