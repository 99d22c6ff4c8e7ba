using System.Globalization;
using System.Text.Json;
using CellOps.Reporting;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Reporting;

public sealed class TimePointReportTests
{
    [Fact]
    public void The_report_writes_a_row_per_time_point_in_time_order_and_the_course_figure()
    {
        var course = TimeCourse.Create();
        var report = EvaluationReport.Create([course.Result]);
        using var folder = new TempFolder();
        var written = ReportWriter.Write(report, folder.Path).Select(Path.GetFileName).ToArray();
        Assert.Contains(ReportFiles.GroupTable, written);
        Assert.Contains(ReportFiles.GroupPlot, written);

        var lines = File.ReadAllLines(folder.File("groups.csv"));
        var classes = course.Result.ClassNames;
        Assert.Equal("group,micrographs,tiles,accuracy,balanced_accuracy,f1,roc_auc,predicted_efficiency,predicted_efficiency_sd,predicted_area,predicted_area_sd," +
                     "measured_micrographs,measured_efficiency,measured_efficiency_sd,efficiency_r,area_r," +
                     string.Join(",", classes.Select(c => "recall_" + c)), lines[0]);
        Assert.Equal(4, lines.Length);
        for (int i = 0; i < 3; i++)
        {
            var expected = course.Result.Groups[i];
            var cells = lines[i + 1].Split(',');
            double Number(int column) => double.Parse(cells[column], CultureInfo.InvariantCulture);
            Assert.Equal(expected.Group, cells[0]);
            Assert.Equal(("3", "12"), (cells[1], cells[2]));
            // Round-trippable numbers: what the table says is exactly what the summary holds.
            Assert.Equal(expected.Evaluation!.Accuracy, Number(3));
            Assert.Equal(expected.Evaluation.BalancedAccuracy, Number(4));
            Assert.Equal(expected.Evaluation.F1, Number(5));
            Assert.Equal(expected.Evaluation.RocAuc!.Value, Number(6));
            Assert.Equal(expected.PredictedEfficiency, Number(7));
            Assert.Equal(expected.PredictedEfficiencySd!.Value, Number(8));
            Assert.Equal(expected.PredictedArea!.Value, Number(9));
            Assert.Equal("3", cells[11]);
            Assert.Equal(expected.MeasuredEfficiency!.Value, Number(12));
            Assert.Equal(expected.MeasuredEfficiencySd!.Value, Number(13));
            Assert.Equal(expected.EfficiencyCorrelation?.ToString("R", CultureInfo.InvariantCulture) ?? "", cells[14]);
            // Each class's recall within the group, empty where the group has none of the class.
            for (int c = 0; c < classes.Count; c++)
            {
                var perClass = expected.Evaluation.PerClass[c];
                Assert.Equal(perClass.Support > 0 ? perClass.Recall.ToString("R", CultureInfo.InvariantCulture) : "", cells[16 + c]);
            }
        }
        Assert.Equal(["2", "7", "10"], lines.Skip(1).Select(l => l.Split(',')[0]));

        var png = File.ReadAllBytes(folder.File("groups.png"));
        Assert.True(png.Length > 1000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "groups.png is not a PNG");

        using var metrics = JsonDocument.Parse(File.ReadAllBytes(folder.File("metrics.json")));
        var points = metrics.RootElement.GetProperty("groups").EnumerateArray().ToArray();
        Assert.Equal(["2", "7", "10"], points.Select(p => p.GetProperty("group").GetString()));
        Assert.Equal(course.Result.Groups[2].MeasuredEfficiency!.Value, points[2].GetProperty("measuredEfficiency").GetDouble(), 12);
        Assert.Equal(course.Result.Groups[0].Evaluation!.Accuracy, points[0].GetProperty("accuracy").GetDouble(), 12);
    }

    [Fact]
    public void Results_merged_into_one_report_are_grouped_together_and_one_time_point_draws_no_course()
    {
        var report = EvaluationReport.Create([TimeCourse.Create(seed: 5).Result, TimeCourse.Create(seed: 6).Result]);
        Assert.Equal([6, 6, 6], report.Groups.Select(t => t.Micrographs.Count));
        Assert.Equal(24, report.Groups[0].Evaluation!.Count);

        var single = EvaluationReport.Create([TimeCourse.Create(["1"]).Result]);
        Assert.Contains(ReportFiles.GroupTable, ReportFiles.For(single));
        Assert.DoesNotContain(ReportFiles.GroupPlot, ReportFiles.For(single));

        var none = EvaluationReport.Create([TimeCourse.Create().Result.WithGroups(_ => null, "none")]);
        Assert.DoesNotContain(ReportFiles.GroupTable, ReportFiles.For(none));
        Assert.Empty(none.Groups);
    }
}
