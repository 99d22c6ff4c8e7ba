using System.Globalization;
using System.Text.RegularExpressions;
using CellOps.Tests.PowerShell;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Scripts;

/// <summary>
/// examples/leukocyte-classification.ps1 in real pwsh (eng/pwsh). Its real data lies beside the
/// repository (../shared/data/wbc-bccd and ../shared/data/bccd-smears), which CI does not have, so the
/// run here is on a miniature of the same layouts; missing data must be a clear error.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class LeukocyteExampleTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.Examples, "leukocyte-classification.ps1");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Without_the_data_set_the_example_says_where_it_looked_and_how_to_point_it_elsewhere()
    {
        var result = PwshProcess.Run(Script, "-DataPath", _folder.File("nowhere"), "-Quick");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("wbc-bccd", result.Error);
        Assert.Contains("-DataPath", result.Error);
    }

    [Fact]
    public void Without_the_annotated_smears_the_example_says_where_it_looked()
    {
        WriteTypeCrops();
        var result = PwshProcess.Run(Script, "-DataPath", _folder.File("wbc"), "-SmearPath", _folder.File("nowhere"), "-Quick");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("bccd-smears", result.Error);
        Assert.Contains("-SmearPath", result.Error);
    }

    // Crops in one folder per type: a coloured cell on a pink background, its colour the type's (W-Net
    // standardises each crop, so a crop of one flat colour would carry nothing to learn from). Three
    // basophils, too few for a DCGAN; N of each other type.
    private void WriteTypeCrops(int perType = 14)
    {
        var colours = new (byte R, byte G, byte B)[] { (70, 40, 120), (220, 90, 40), (40, 40, 200), (120, 160, 210), (150, 60, 170) };
        string[] types = { "Basophil", "Eosinophil", "Lymphocyte", "Monocyte", "Neutrophil" };
        var random = new Random(5);
        for (int k = 0; k < types.Length; k++)
        {
            string folder = _folder.File(Path.Combine("wbc", "BCCD_cropped", types[k]));
            Directory.CreateDirectory(folder);
            for (int i = 0; i < (k == 0 ? 3 : perType); i++)
            {
                using var crop = new OpenCvSharp.Mat(48, 48, OpenCvSharp.MatType.CV_8UC3, new OpenCvSharp.Scalar(200, 190, 230));
                var (r, g, b) = colours[k];
                OpenCvSharp.Cv2.Circle(crop, new OpenCvSharp.Point(24 + random.Next(-6, 7), 24 + random.Next(-6, 7)), 10 + random.Next(6),
                    new OpenCvSharp.Scalar(b, g, r), -1);
                OpenCvSharp.Cv2.ImWrite(Path.Combine(folder, $"BloodImage_{k}{i:D2}.jpg"), crop);
            }
        }
    }

    // Two grey smears with a white cell, a red cell and a platelet each, and their boxes in BCCD's table layout.
    private void WriteSmears()
    {
        string folder = _folder.File(Path.Combine("smears", "BCCD", "JPEGImages"));
        Directory.CreateDirectory(folder);
        var rows = new List<string> { "filename,cell_type,xmin,xmax,ymin,ymax" };
        for (int s = 0; s < 2; s++)
        {
            string name = $"BloodImage_9{s}.jpg";
            using var mat = new OpenCvSharp.Mat(90, 120, OpenCvSharp.MatType.CV_8UC3, new OpenCvSharp.Scalar(200, 200, 200));
            mat[new OpenCvSharp.Rect(10, 10, 40, 40)].SetTo(new OpenCvSharp.Scalar(160, 60, 120));
            mat[new OpenCvSharp.Rect(60, 20, 30, 30)].SetTo(new OpenCvSharp.Scalar(80, 80, 220));
            mat[new OpenCvSharp.Rect(95, 60, 10, 10)].SetTo(new OpenCvSharp.Scalar(150, 50, 150));
            OpenCvSharp.Cv2.ImWrite(Path.Combine(folder, name), mat);
            rows.Add($"{name},WBC,10,50,10,50");
            rows.Add($"{name},RBC,60,90,20,50");
            rows.Add($"{name},Platelets,95,105,60,70");
        }
        File.WriteAllLines(_folder.File(Path.Combine("smears", "test.csv")), rows);
    }

    [Fact]
    public void The_quick_run_compares_imbalance_remedies_pre_training_and_synthetic_crops()
    {
        // A hundred crops of each type but the basophils: 302 training crops, 10 steps of 32 in each of
        // the quick run's two epochs, enough for the runs to start learning the colours.
        WriteTypeCrops(100);
        WriteSmears();

        using var process = PwshProcess.Start(new PwshStart
        {
            Arguments = [Script, "-DataPath", _folder.File("wbc"), "-SmearPath", _folder.File("smears"), "-OutputDirectory", _folder.File("out"), "-Quick"],
        });
        var result = process.WaitForExit(TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.ToString());
        // Each row of the final table: accuracy and balanced accuracy must be those of its per-type
        // counts (correct/support), counted here; balanced accuracy of a run that calls one type for
        // every crop is exactly 0.2.
        var balanced = new Dictionary<string, double>();
        foreach (var run in new[] { "weighted loss", "balanced sampling", "fine-tuned", "fine-tuned, frozen", "with synthetic" })
        {
            var row = Regex.Match(result.Output, "^" + run + @"\s+(\d\.\d{3})\s+(\d\.\d{3})((?:\s+\d+/\d+){5})\s*$", RegexOptions.Multiline);
            Assert.True(row.Success, $"no row for {run} in:\n{result.Output}");
            var counts = row.Groups[3].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => c.Split('/').Select(int.Parse).ToArray()).ToArray();
            double accuracy = counts.Sum(c => c[0]) / (double)counts.Sum(c => c[1]);
            double perType = counts.Average(c => c[0] / (double)c[1]);
            Assert.Equal(new[] { 1, 25, 25, 25, 25 }, counts.Select(c => c[1]));
            Assert.Equal(Math.Round(accuracy, 3), double.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture));
            Assert.Equal(Math.Round(perType, 3), double.Parse(row.Groups[2].Value, CultureInfo.InvariantCulture));
            balanced[run] = perType;
        }
        // Two epochs are short: the weighted-loss and frozen runs still call one type for every crop
        // (0.200), but balanced sampling, fine-tuning and the synthetic crops learn the colours. Observed
        // on every run (seed 1): 0.528, 0.600 and 0.800 balanced accuracy.
        string table = string.Join(", ", balanced.Select(b => $"{b.Key} {b.Value:0.000}"));
        Assert.True(balanced["balanced sampling"] > 0.35, table);
        Assert.True(balanced["fine-tuned"] > 0.35, table);
        Assert.True(balanced["with synthetic"] > 0.35, table);
        Assert.True(File.Exists(_folder.File(Path.Combine("out", "wnet-balanced.cellmodel"))));
        Assert.True(File.Exists(_folder.File(Path.Combine("out", "wnet-weighted-report", "confusion.png"))));
        // Pre-training on the smears' box crops, then fine-tuning, against the same run from scratch.
        Assert.True(File.Exists(_folder.File(Path.Combine("out", "wnet-bccd-kinds.cellmodel"))));
        // A DCGAN for the one type with enough crops, its samples on a sheet and in a training run.
        Assert.Matches(@"Neutrophil\s+\d+\s+\d+\.\d{3}\s+\d+\.\d{3}", result.Output);
        Assert.Contains("Basophil has 2 training crop(s), too few", result.Output);
        Assert.True(File.Exists(_folder.File(Path.Combine("out", "dcgan-neutrophil.cellmodel"))));
        Assert.True(File.Exists(_folder.File(Path.Combine("out", "synthetic-cells.png"))));
        Assert.True(File.Exists(_folder.File(Path.Combine("out", "real-cells.png"))));
    }
}
