using System.Management.Automation;
using CellOps.Reporting;
using CellOps.Runtime.Inference;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>
/// Per-time-point evaluation as users run it: a generated differentiation time course (days 1, 3 and 7, three
/// fields each, a folder per day, more cells every day) imported with its day as metadata, a tiny Cardiomyocyte
/// model trained through the cmdlets, Invoke-CellModel -TimePoint and Export-CellReport.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TimePointCmdletTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private static readonly string[] Days = ["1", "3", "7"];
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();

    public TimePointCmdletTests(PowerShellSessionFixture fixture)
    {
        _ps = fixture.Session;
        WriteCourse(_data.Path);
    }

    public void Dispose() => _data.Dispose();

    private PipelineResult Run(string script) =>
        _ps.Run("$m = Import-Micrograph \"$data/day*/*_phase.png\" -PairWith { $_.FullName -replace '_phase', '_gfp' } -Metadata { @{ Day = $_.Directory.Name.Substring(3) } }\n" +
                "$tiles = $m | New-TileSet -Size 64 -Target Label -AreaFraction 0.3\n" +
                "$model = $tiles | Start-CellTraining Cardiomyocyte.TileClassifier -Epochs 6 -Seed 3 -LearningRate 0.01 " +
                "-HyperParameter @{ Depth = 2; BaseWidth = 8 } -Threads 1 -ValidationFraction 0.25 -OutFile \"$data/m.cellmodel\"\n" + script,
            new Dictionary<string, object?> { ["data"] = _data.Path, ["out"] = Path.Combine(_data.Path, "out") });

    [Fact]
    public void Invoke_CellModel_scores_each_day_on_its_own_and_Export_CellReport_writes_the_course()
    {
        var result = Run("$result = $tiles | Invoke-CellModel $model -Threads 1 -TimePoint Day\n$result\n" +
                         "$result | Export-CellReport $out -PassThru\n" +
                         "$result | Export-CellReport \"$out/regrouped\" -GroupBy { if ([int]$_.Metadata['Day'] -ge 3) { 'late' } else { 'early' } } -PassThru");
        result.AssertNoErrors();
        var prediction = Assert.Single(result.Objects<PredictionResult>());
        var days = prediction.Groups;
        Assert.Equal(Days, days.Select(t => t.Group));
        // -TimePoint is -GroupBy's alias; the result says what it was grouped by.
        Assert.Equal("Day", prediction.GroupedBy);
        string seen = string.Join("; ", days.Select(t => t.ToString()));
        for (int d = 0; d < 3; d++)
        {
            var day = days[d];
            // Every day's fields are field0..2: the group holds the three of its own folder, by their measured efficiency.
            Assert.Equal(["field0_phase.png", "field1_phase.png", "field2_phase.png"], day.Micrographs.Select(m => m.Micrograph));
            Assert.Equal(27, day.Tiles);
            var measured = Enumerable.Range(0, 3).Select(f => Measured(Days[d], f)).ToArray();
            Assert.Equal(measured, day.Micrographs.Select(m => m.MeasuredEfficiency!.Value), (a, b) => Math.Abs(a - b) < 1e-9);
            Assert.Equal(measured.Average(), day.MeasuredEfficiency!.Value, 9);
            // The tile set lists the days in folder order, nine tiles a field: the day's accuracy is that of its 27 tiles.
            var tiles = prediction.Tiles.Skip(27 * d).Take(27).ToArray();
            Assert.Equal(27, day.Evaluation!.Count);
            Assert.Equal(tiles.Count(t => t.Label == t.PredictedClass) / 27.0, day.Evaluation.Accuracy, 12);
            Assert.Equal(tiles.Count(t => t.PredictedClass == 1) / 27.0, day.PredictedEfficiency, 12);
        }
        // More cells each day: the measured efficiency rises, and a model that sees them predicts the rise. One that
        // ignores its input predicts the same share every day. Observed, the same on every run (seed 3, one thread): every
        // tile right; predicted 0.148, 0.481, 0.815 ± 0.064 against measured 0.065, 0.211, 0.357 ± 0.028.
        Assert.True(days[0].MeasuredEfficiency < days[1].MeasuredEfficiency && days[1].MeasuredEfficiency < days[2].MeasuredEfficiency, seen);
        Assert.True(days[0].PredictedEfficiency < days[1].PredictedEfficiency && days[1].PredictedEfficiency < days[2].PredictedEfficiency, seen);

        var reports = result.Objects<CellReport>();
        Assert.Equal(2, reports.Count);
        Assert.Equal(Days, reports[0].Groups.Select(t => t.Group));
        var names = reports[0].Files.Select(f => f.Name).ToArray();
        Assert.Contains("groups.csv", names);
        Assert.Contains("groups.png", names);
        var rows = File.ReadAllLines(Path.Combine(_data.Path, "out", "groups.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(Days, rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal(("3", "27"), (r[1], r[2])));

        // Export-CellReport can group the same result another way.
        Assert.Equal(["early", "late"], reports[1].Groups.Select(t => t.Group));
        var regrouped = File.ReadAllLines(Path.Combine(_data.Path, "out", "regrouped", "groups.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal([("early", "3", "27"), ("late", "6", "54")], regrouped.Select(r => (r[0], r[1], r[2])));
    }

    [Fact]
    public void A_time_point_no_micrograph_carries_is_a_warning_and_a_failing_script_block_an_error_per_micrograph()
    {
        var result = Run("$tiles | Invoke-CellModel $model -Threads 1 -TimePoint Week 3>&1\n" +
                         "$tiles | Invoke-CellModel $model -Threads 1 -GroupBy { if ($_.Metadata['Day'] -eq '3') { throw 'unreadable' } else { $_.Metadata['Day'] } } 3>&1\n" +
                         "try { $tiles | Invoke-CellModel $model -TimePoint ' ' } catch { $_.FullyQualifiedErrorId }");
        Assert.Null(result.Terminating);
        var predictions = result.Objects<PredictionResult>();
        Assert.Equal(2, predictions.Count);
        Assert.Empty(predictions[0].Groups);
        var warnings = result.Objects<WarningRecord>().Select(w => w.Message).ToArray();
        Assert.Equal(2, warnings.Length);
        Assert.Equal("No micrograph has a group key (metadata entry 'Week'): there are no per-group metrics.", warnings[0]);

        // The day-3 fields fail alone: each is an error, they are left out of the groups, and the warning counts them.
        Assert.Equal(["1", "7"], predictions[1].Groups.Select(t => t.Group));
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("GroupByFailed,CellOps.PowerShell.Commands.InvokeCellModelCommand", e.FullyQualifiedErrorId));
        Assert.Equal("3 of 9 micrographs have no group key (the -GroupBy script block) and are left out of the per-group metrics.", warnings[1]);
        // A blank name stops the call before anything is predicted.
        Assert.Equal("GroupByInvalid,CellOps.PowerShell.Commands.InvokeCellModelCommand", result.Objects<string>().Single());
    }

    // The GFP pair is 15 with disks of 220: Otsu puts every disk pixel, and nothing else, above.
    private double Measured(string day, int field)
    {
        using var gfp = Cv2.ImRead(Path.Combine(_data.Path, $"day{day}", $"field{field}_gfp.png"), ImreadModes.Grayscale);
        return (double)Cv2.CountNonZero(gfp.Threshold(100, 255, ThresholdTypes.Binary)) / (gfp.Width * gfp.Height);
    }

    /// <summary>
    /// Three 192×192 fields of 3×3 tiles per day; on the d-th day (0, 1, 2) field f holds 1 + 3d + f % 2 "cells" (a bright,
    /// textured disk in phase contrast, a larger disk in GFP), so efficiency rises from day to day.
    /// </summary>
    private static void WriteCourse(string folder)
    {
        var random = new Random(29);
        for (int d = 0; d < Days.Length; d++)
        {
            string dayFolder = Directory.CreateDirectory(Path.Combine(folder, $"day{Days[d]}")).FullName;
            for (int f = 0; f < 3; f++)
            {
                using var phase = new Mat(192, 192, MatType.CV_8UC1);
                using var gfp = new Mat(192, 192, MatType.CV_8UC1, Scalar.All(15));
                for (int y = 0; y < 192; y++)
                    for (int x = 0; x < 192; x++)
                        phase.Set(y, x, (byte)(100 + random.Next(20)));
                foreach (int t in Enumerable.Range(0, 9).OrderBy(_ => random.Next()).Take(1 + 3 * d + f % 2))
                {
                    var centre = new Point((t % 3) * 64 + 32 + random.Next(-4, 5), (t / 3) * 64 + 32 + random.Next(-4, 5));
                    Cv2.Circle(phase, centre, 18, Scalar.All(200), -1);
                    Cv2.Circle(phase, centre, 10, Scalar.All(60), -1);
                    Cv2.Circle(gfp, centre, 24, Scalar.All(220), -1);
                }
                Cv2.ImWrite(Path.Combine(dayFolder, $"field{f}_phase.png"), phase);
                Cv2.ImWrite(Path.Combine(dayFolder, $"field{f}_gfp.png"), gfp);
            }
        }
    }
}
