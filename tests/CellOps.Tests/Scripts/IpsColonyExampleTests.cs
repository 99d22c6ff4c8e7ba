using System.Globalization;
using System.Text.RegularExpressions;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.Scripts;

/// <summary>
/// examples/ips-colony-segmentation.ps1 in its reduced mode in real pwsh (eng/pwsh), on generated
/// sections laid out like the ISBI 2012 set (image/N.png with label/N.png masks of 0 and 255).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class IpsColonyExampleTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.Examples, "ips-colony-segmentation.ps1");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// Mean IoU, mean Dice, pixel accuracy, membrane IoU and interior IoU of the stains (interior
    /// nonzero) of test sections 24 and 25 against their masks, over both sections' pixels together.
    /// </summary>
    private static double[] Score(string maps, string labels)
    {
        long[,] confusion = new long[2, 2];
        foreach (int id in new[] { 24, 25 })
        {
            using var stain = Cv2.ImRead(Path.Combine(maps, $"{id}.stain.tif"), ImreadModes.Grayscale);
            using var mask = Cv2.ImRead(Path.Combine(labels, $"{id}.png"), ImreadModes.Grayscale);
            Assert.Equal(mask.Size(), stain.Size());
            for (int y = 0; y < mask.Rows; y++)
                for (int x = 0; x < mask.Cols; x++)
                    confusion[mask.At<byte>(y, x) > 0 ? 1 : 0, stain.At<byte>(y, x) > 0 ? 1 : 0]++;
        }
        double total = confusion[0, 0] + confusion[0, 1] + confusion[1, 0] + confusion[1, 1];
        double Iou(int k) => confusion[k, k] / (double)(confusion[k, 0] + confusion[k, 1] + confusion[0, k] + confusion[1, k] - confusion[k, k]);
        double Dice(int k) => 2.0 * confusion[k, k] / (confusion[k, 0] + confusion[k, 1] + confusion[0, k] + confusion[1, k]);
        return [(Iou(0) + Iou(1)) / 2, (Dice(0) + Dice(1)) / 2, (confusion[0, 0] + confusion[1, 1]) / total, Iou(0), Iou(1)];
    }

    [Fact]
    public void Without_the_data_set_the_example_says_where_it_looked_and_how_to_point_it_elsewhere()
    {
        var result = PwshProcess.Run(Script, "-DataPath", _folder.File("nowhere"), "-Quick");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("isbi2012-membranes", result.Error);
        Assert.Contains("-DataPath", result.Error);
    }

    [Fact]
    public void The_quick_run_trains_three_methods_and_prints_their_scores_and_a_figure()
    {
        string data = _folder.File("isbi");
        var random = new Random(7);
        foreach (int id in Enumerable.Range(0, 8).Concat(new[] { 24, 25 }))
        {
            // Dark membranes (0 in the mask) as random horizontal and vertical lines over bright interior (255).
            using var image = new Mat(128, 128, MatType.CV_8UC1, new Scalar(190));
            using var mask = new Mat(128, 128, MatType.CV_8UC1, new Scalar(255));
            for (int line = 0; line < 4; line++)
            {
                int at = 8 + random.Next(112);
                bool across = line % 2 == 0;
                var from = across ? new Point(0, at) : new Point(at, 0);
                var to = across ? new Point(127, at) : new Point(at, 127);
                Cv2.Line(image, from, to, new Scalar(40), 3);
                Cv2.Line(mask, from, to, new Scalar(0), 3);
            }
            Directory.CreateDirectory(Path.Combine(data, "image"));
            Directory.CreateDirectory(Path.Combine(data, "label"));
            Cv2.ImWrite(Path.Combine(data, "image", $"{id}.png"), image);
            Cv2.ImWrite(Path.Combine(data, "label", $"{id}.png"), mask);
        }
        string output = _folder.File("out");

        using var process = PwshProcess.Start(new PwshStart { Arguments = [Script, "-Quick", "-DataPath", data, "-OutputDirectory", output] });
        var result = process.WaitForExit(TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 0, result.ToString());
        // Each printed row is the score of the label maps the example wrote, counted here pixel by pixel
        // against the masks: that catches a wrong metric, maps laid back in the wrong place, or a row
        // printed for the wrong method. A map of one class everywhere scores at most 0.429 mean IoU here
        // (interior everywhere); the quick run's 84 steps take the U-Net to 0.997 and the class
        // distributions to 0.719 (observed), so both must clear 0.6. The patch classifier still calls
        // interior everywhere at these settings (0.429); it is only checked for consistency.
        foreach (var (method, folder) in new[] { ("class distribution", "class-distribution"), ("patch classification", "patch-classifier"), (@"U-Net \(FCN\)", "fcn") })
        {
            var row = Regex.Match(result.Output, method + @"\s+(\d\.\d{3})\s+(\d\.\d{3})\s+(\d\.\d{3})\s+(\d\.\d{3})\s+(\d\.\d{3})");
            Assert.True(row.Success, result.Output);
            var counted = Score(Path.Combine(output, folder), Path.Combine(data, "label"));
            var printed = Enumerable.Range(1, 5).Select(g => double.Parse(row.Groups[g].Value, CultureInfo.InvariantCulture)).ToArray();
            for (int k = 0; k < 5; k++) Assert.True(Math.Abs(counted[k] - printed[k]) <= 0.0005, $"{method}: printed {row.Value}, counted {string.Join(" ", counted.Select(v => v.ToString("0.000")))}");
            if (folder != "patch-classifier") Assert.True(printed[0] > 0.6, $"{method}: mean IoU {printed[0]:0.000}, no better than one class everywhere (0.429)");
        }
        foreach (var file in new[] { "class-distribution.cellmodel", "patch-classifier.cellmodel", "fcn.cellmodel", "comparison.png" })
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        Assert.True(File.Exists(Path.Combine(output, "fcn", "24.probability.tif")));
        using var figure = Cv2.ImRead(Path.Combine(output, "comparison.png"));
        Assert.Equal(5 * 128 + 6 * 6, figure.Width);
    }
}
