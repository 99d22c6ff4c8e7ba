using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.Cli;

/// <summary>
/// examples/ips-colony-segmentation.ps1 in its reduced mode through the cellops host, on generated
/// sections laid out like the ISBI 2012 set (image/N.png with label/N.png masks of 0 and 255).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class IpsColonyExampleTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.Examples, "ips-colony-segmentation.ps1");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Without_the_data_set_the_example_says_where_it_looked_and_how_to_point_it_elsewhere()
    {
        var result = CliProcess.Run(Script, "-DataPath", _folder.File("nowhere"), "-Quick");
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

        using var process = CliProcess.Start(new CliStart { Arguments = [Script, "-Quick", "-DataPath", data, "-OutputDirectory", output] });
        var result = process.WaitForExit(TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var method in new[] { "class distribution", "patch classification", @"U-Net \(FCN\)" })
            Assert.Matches(method + @"\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}", result.Output);
        foreach (var file in new[] { "class-distribution.cellmodel", "patch-classifier.cellmodel", "fcn.cellmodel", "comparison.png" })
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        Assert.True(File.Exists(Path.Combine(output, "fcn", "24.probability.tif")));
        using var figure = Cv2.ImRead(Path.Combine(output, "comparison.png"));
        Assert.Equal(5 * 128 + 6 * 6, figure.Width);
    }
}
