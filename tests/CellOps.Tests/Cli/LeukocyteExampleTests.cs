using CellOps.Tests.PowerShell;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Cli;

/// <summary>
/// examples/leukocyte-classification.ps1 through the cellops host. Its real data lies beside the
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
        var result = CliProcess.Run(Script, "-DataPath", _folder.File("nowhere"), "-Quick");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("wbc-bccd", result.Error);
        Assert.Contains("-DataPath", result.Error);
    }

    [Fact]
    public void Without_the_annotated_smears_the_example_says_where_it_looked()
    {
        WriteTypeCrops();
        var result = CliProcess.Run(Script, "-DataPath", _folder.File("wbc"), "-SmearPath", _folder.File("nowhere"), "-Quick");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("bccd-smears", result.Error);
        Assert.Contains("-SmearPath", result.Error);
    }

    // Crops in one folder per type; fourteen neutrophils, so that one type has enough for a DCGAN.
    private void WriteTypeCrops()
    {
        var colours = new (byte, byte, byte)[] { (70, 40, 120), (220, 90, 40), (40, 40, 200), (120, 160, 210), (150, 60, 170) };
        string[] types = { "Basophil", "Eosinophil", "Lymphocyte", "Monocyte", "Neutrophil" };
        for (int k = 0; k < types.Length; k++)
        {
            for (int i = 0; i < (k == 4 ? 14 : 3); i++)
                WholeImageTileSetTests.WriteCrop(_folder.File(Path.Combine("wbc", "BCCD_cropped", types[k])), $"BloodImage_{k}{i:D2}.jpg", 48, colours[k]);
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
        WriteTypeCrops();
        WriteSmears();

        using var process = CliProcess.Start(new CliStart
        {
            Arguments = [Script, "-DataPath", _folder.File("wbc"), "-SmearPath", _folder.File("smears"), "-OutputDirectory", _folder.File("out"), "-Quick"],
        });
        var result = process.WaitForExit(TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"weighted loss\s+\d\.\d{3}\s+\d\.\d{3}", result.Output);
        Assert.Matches(@"balanced sampling\s+\d\.\d{3}\s+\d\.\d{3}", result.Output);
        Assert.True(File.Exists(_folder.File(Path.Combine("out", "wnet-balanced.cellmodel"))));
        Assert.True(File.Exists(_folder.File(Path.Combine("out", "wnet-weighted-report", "confusion.png"))));
        // Pre-training on the smears' box crops, then fine-tuning, against the same run from scratch.
        Assert.Matches(@"fine-tuned\s+\d\.\d{3}\s+\d\.\d{3}", result.Output);
        Assert.Matches(@"fine-tuned, frozen\s+\d\.\d{3}\s+\d\.\d{3}", result.Output);
        Assert.True(File.Exists(_folder.File(Path.Combine("out", "wnet-bccd-kinds.cellmodel"))));
        // A DCGAN for the one type with enough crops, its samples on a sheet and in a training run.
        Assert.Matches(@"Neutrophil\s+\d+\s+\d+\.\d{3}\s+\d+\.\d{3}", result.Output);
        Assert.Contains("Basophil has 2 training crop(s), too few", result.Output);
        Assert.True(File.Exists(_folder.File(Path.Combine("out", "dcgan-neutrophil.cellmodel"))));
        Assert.True(File.Exists(_folder.File(Path.Combine("out", "synthetic-cells.png"))));
        Assert.True(File.Exists(_folder.File(Path.Combine("out", "real-cells.png"))));
        Assert.Matches(@"with synthetic\s+\d\.\d{3}\s+\d\.\d{3}", result.Output);
    }
}
