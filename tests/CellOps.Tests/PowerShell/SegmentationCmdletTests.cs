using CellOps.Runtime.Inference;
using CellOps.Sdk.Tiling;
using CellOps.Tests.Plugins.IpsColony;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>
/// Dense segmentation as users run it: label images with K = 3 and an ignore value, New-TileSet
/// -Target ClassHistogram, a tiny IpsColony model trained through Start-CellTraining, whole-image
/// prediction with Invoke-CellModel, and Export-SegmentationFigure.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SegmentationCmdletTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();

    public SegmentationCmdletTests(PowerShellSessionFixture fixture)
    {
        _ps = fixture.Session;
        foreach (var micrograph in ColonyImagesFactory.Create(3, 128, seed: 21))
        {
            Save(micrograph, Path.Combine(_data.Path, micrograph.Name));
            Save(micrograph.Pair!, Path.Combine(_data.Path, micrograph.Pair!.Name));
        }
    }

    public void Dispose() => _data.Dispose();

    private static void Save(CellOps.Sdk.Imaging.Micrograph micrograph, string path)
    {
        using var pixels = micrograph.OpenPixels();
        var bytes = new byte[micrograph.Width * micrograph.Height];
        pixels.ReadRegion(0, new CellOps.Sdk.Imaging.PixelRect(0, 0, micrograph.Width, micrograph.Height), bytes);
        using var mat = Mat.FromPixelData(micrograph.Height, micrograph.Width, MatType.CV_8UC1, bytes);
        Cv2.ImWrite(path, mat);
    }

    private PipelineResult Run(string script) =>
        _ps.Run("$m = Import-Micrograph \"$data/colony?.png\" -PairWith { $_.FullName -replace '\\.png$', '-labels.png' } -PairRole Label\n" +
                "$tiles = $m | New-TileSet -Size 64 -Stride 32 -Target ClassHistogram -Grid 1,2 -ClassCount 3 -IgnoreClass 9 -ClassName bg,diff,undiff\n" +
                "$model = $tiles | Start-CellTraining IpsColony.ClassDistribution -Epochs 2 -Seed 3 -Threads 1 -ValidationFraction 0 " +
                "-HyperParameter @{ BaseWidth = 4; Grid = 2; Levels = 2 } -OutFile \"$data/cd.cellmodel\"\n" + script,
            new Dictionary<string, object?> { ["data"] = _data.Path });

    [Fact]
    public void Whole_micrographs_get_a_map_that_covers_them_and_is_scored_against_their_label_images()
    {
        var result = Run("$m | Invoke-CellModel $model -Threads 1");
        result.AssertNoErrors();
        var prediction = Assert.Single(result.Objects<PredictionResult>());
        Assert.Equal(new[] { "bg", "diff", "undiff" }, prediction.ClassNames);
        Assert.Equal("2×2 cells per tile", prediction.MapCoverage);
        // Centred every 32 pixels (half the tile): 4×4 tiles per 128² micrograph.
        Assert.Equal(3 * 16, prediction.Count);
        foreach (var map in prediction.ToProbabilityMaps()) Assert.Equal(1.0, map.CoveredFraction, 9);
        Assert.NotNull(prediction.Segmentation);
        Assert.All(prediction.Micrographs, m => Assert.NotNull(m.MeanIou));
        Assert.Equal(3, prediction.Segmentation!.PerClass.Count);
    }

    [Fact]
    public void Export_SegmentationFigure_writes_one_png_and_keeps_an_existing_one_without_Force()
    {
        string figure = Path.Combine(_data.Path, "figure.png");
        var result = Run("$r = $m | Invoke-CellModel $model -Threads 1\n" +
                         "$r | Export-SegmentationFigure \"$data/figure.png\" -Title 'class distribution' -MaxMicrographs 2 -PanelSize 64 -PassThru");
        result.AssertNoErrors();
        Assert.Equal(figure, Assert.Single(result.Objects<FileInfo>()).FullName);
        using (var png = Cv2.ImRead(figure))
        {
            Assert.Equal(3 * 64 + 4 * 6, png.Width);                 // micrograph, truth, one model
            Assert.True(png.Height > 2 * 64 + 3 * 6, $"height {png.Height}");
        }
        var written = File.GetLastWriteTimeUtc(figure);

        var again = _ps.Run("$r | Export-SegmentationFigure \"$data/figure.png\"", new Dictionary<string, object?> { ["data"] = _data.Path });
        var refused = Assert.Single(again.Errors);
        Assert.Equal("OutputExists", refused.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(figure, refused.TargetObject);
        var whatIf = _ps.Run("$r | Export-SegmentationFigure \"$data/other.png\" -WhatIf", new Dictionary<string, object?> { ["data"] = _data.Path });
        whatIf.AssertNoErrors();
        Assert.False(File.Exists(Path.Combine(_data.Path, "other.png")));
        Assert.Equal(written, File.GetLastWriteTimeUtc(figure));
    }

    [Fact]
    public void A_label_image_with_a_value_that_is_no_class_costs_only_its_micrograph_its_score_and_its_truth_panel()
    {
        // Spoiled after training: the last row of colony1's label image holds 7, neither a class nor the ignore value 9.
        string labels = Path.Combine(_data.Path, "colony1-labels.png");
        using (var mask = Cv2.ImRead(labels, ImreadModes.Grayscale))
        {
            mask.Set(127, 5, (byte)7);
            Cv2.ImWrite(Path.Combine(_data.Path, "spoiled.png"), mask);
        }
        var result = Run("[System.IO.File]::Copy(\"$data/spoiled.png\", \"$data/colony1-labels.png\", $true)\n" +
                         "$r = $m | Invoke-CellModel $model -Threads 1\n$r\n" +
                         "$r | Export-SegmentationFigure \"$data/figure.png\" -MaxMicrographs 3 -PanelSize 64");

        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Errors.Count);                    // once scoring, once drawing the truth
        Assert.All(result.Errors, error =>
        {
            Assert.Equal("LabelImageInvalid", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Equal(labels, error.TargetObject);
            Assert.Contains("holds the value 7 at (5, 127)", error.Exception.Message);
        });
        var prediction = Assert.Single(result.Objects<PredictionResult>());
        Assert.Null(prediction.Micrographs[1].Segmentation);
        Assert.NotNull(prediction.Micrographs[0].Segmentation);
        Assert.NotNull(prediction.Micrographs[2].Segmentation);
        Assert.NotNull(prediction.Segmentation);
        Assert.True(File.Exists(Path.Combine(_data.Path, "figure.png")));
    }

    [Fact]
    public void Export_CellReport_writes_the_segmentation_scores_over_all_micrographs_and_per_micrograph()
    {
        string folder = Path.Combine(_data.Path, "report");
        var result = Run("$r = $m | Invoke-CellModel $model -Threads 1\n$r | Export-CellReport \"$data/report\" -TrainedModel $model -PassThru\n$r");
        result.AssertNoErrors();
        var prediction = Assert.Single(result.Objects<PredictionResult>());
        var lines = File.ReadAllLines(Path.Combine(folder, "segmentation.csv"));
        Assert.Equal("micrograph,class,iou,dice,pixels", lines[0]);
        // All, then each of the three micrographs: three classes and the mean each.
        Assert.Equal(1 + 4 * 4, lines.Length);
        Assert.StartsWith("all,mean," + prediction.Segmentation!.MeanIou.ToString("R", System.Globalization.CultureInfo.InvariantCulture), lines[4]);
        using var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")));
        Assert.Equal(prediction.Segmentation.MeanIou, metrics.RootElement.GetProperty("segmentation").GetProperty("meanIou").GetDouble(), 12);
        Assert.Equal(3, metrics.RootElement.GetProperty("segmentation").GetProperty("perClass").GetArrayLength());
    }

    [Fact]
    public void Tile_sets_coded_with_label_values_train_together_and_the_package_keeps_the_values()
    {
        using var binary = new TempFolder();
        var random = new Random(5);
        for (int f = 0; f < 2; f++)
        {
            using var image = new Mat(128, 128, MatType.CV_8UC1, Scalar.All(90));
            using var mask = new Mat(128, 128, MatType.CV_8UC1, Scalar.All(0));
            for (int c = 0; c < 3; c++)
            {
                var centre = new Point(20 + random.Next(88), 20 + random.Next(88));
                Cv2.Circle(image, centre, 16, Scalar.All(200), -1);
                Cv2.Circle(mask, centre, 16, Scalar.All(255), -1);
            }
            Cv2.ImWrite(binary.File($"field{f}.png"), image);
            Cv2.ImWrite(binary.File($"field{f}-mask.png"), mask);
        }
        string package = binary.File("two-sets.cellmodel");

        // Two tile sets, as when fields of two experiments are tiled apart; their masks store 0 and 255.
        static string Tiles(int field) =>
            $"Import-Micrograph \"$data/field{field}.png\" -PairWith {{ $_.FullName -replace '\\.png$', '-mask.png' }} -PairRole Label | " +
            "New-TileSet -Size 64 -Target ClassHistogram -Grid 1,2 -LabelValue 0,255 -ClassName background,cell\n";
        var result = _ps.Run("$a = " + Tiles(0) + "$b = " + Tiles(1) + "$a.Count + $b.Count\n" +
                             "$a, $b | Start-CellTraining IpsColony.ClassDistribution -Epochs 1 -Seed 3 -Threads 1 -ValidationFraction 0 " +
                             "-HyperParameter @{ BaseWidth = 4; Grid = 2; Levels = 2 } -OutFile $out",
            new Dictionary<string, object?> { ["data"] = binary.Path, ["out"] = package });

        result.AssertNoErrors();
        var trained = Assert.Single(result.Objects<CellOps.Runtime.Training.TrainedModel>());
        Assert.Equal(result.Objects<int>()[0], trained.TrainingTiles);
        using var opened = CellOps.Runtime.Packaging.ModelPackage.Open(package, CellOps.Sdk.SdkVersion.Current);
        Assert.Equal(new[] { 0, 255 }, opened.Manifest.LabelValues);

        var differ = _ps.Run("$a = " + Tiles(0) + "$b = " + Tiles(1).Replace("-LabelValue 0,255", "-LabelValue 255,0") +
                             "$a, $b | Start-CellTraining IpsColony.ClassDistribution -Epochs 1 -ValidationFraction 0",
            new Dictionary<string, object?> { ["data"] = binary.Path });
        var error = Assert.Single(differ.Errors);
        Assert.Equal("TileSetsDiffer", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("label values differ: the first set has 0, 255", error.Exception.Message);
        Assert.EndsWith("Give every New-TileSet the same -LabelValue.", error.Exception.Message);
        Assert.IsType<TileSet>(error.TargetObject);
    }

    [Fact]
    public void A_mask_value_that_is_no_class_is_a_non_terminating_error_naming_the_file()
    {
        var result = _ps.Run("Import-Micrograph \"$data/colony?.png\" -PairWith { $_.FullName -replace '\\.png$', '-labels.png' } -PairRole Label |\n" +
                             "  New-TileSet -Size 64 -Target ClassHistogram -Grid 1 -LabelValue 0,1 -ClassName a,b",
            new Dictionary<string, object?> { ["data"] = _data.Path });
        Assert.Null(result.Terminating);
        Assert.Equal(3, result.Errors.Count);
        Assert.Contains("-labels.png", result.Errors[0].Exception.Message);
        Assert.Contains("0 or 1", result.Errors[0].Exception.Message);
    }
}
