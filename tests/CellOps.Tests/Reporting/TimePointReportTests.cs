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
        Assert.Contains(ReportFiles.TimePointTable, written);
        Assert.Contains(ReportFiles.TimePointPlot, written);

        var lines = File.ReadAllLines(folder.File("timepoints.csv"));
        Assert.Equal("time_point,micrographs,tiles,accuracy,f1,roc_auc,predicted_efficiency,predicted_efficiency_sd,predicted_area,predicted_area_sd," +
                     "measured_micrographs,measured_efficiency,measured_efficiency_sd,efficiency_r,area_r", lines[0]);
        Assert.Equal(4, lines.Length);
        for (int i = 0; i < 3; i++)
        {
            var expected = course.Result.TimePoints[i];
            var cells = lines[i + 1].Split(',');
            double Number(int column) => double.Parse(cells[column], CultureInfo.InvariantCulture);
            Assert.Equal(expected.TimePoint, cells[0]);
            Assert.Equal(("3", "12"), (cells[1], cells[2]));
            // Round-trippable numbers: what the table says is exactly what the summary holds.
            Assert.Equal(expected.Evaluation!.Accuracy, Number(3));
            Assert.Equal(expected.Evaluation.F1, Number(4));
            Assert.Equal(expected.Evaluation.RocAuc!.Value, Number(5));
            Assert.Equal(expected.PredictedEfficiency, Number(6));
            Assert.Equal(expected.PredictedEfficiencySd!.Value, Number(7));
            Assert.Equal(expected.PredictedArea!.Value, Number(8));
            Assert.Equal("3", cells[10]);
            Assert.Equal(expected.MeasuredEfficiency!.Value, Number(11));
            Assert.Equal(expected.MeasuredEfficiencySd!.Value, Number(12));
            Assert.Equal(expected.EfficiencyCorrelation?.ToString("R", CultureInfo.InvariantCulture) ?? "", cells[13]);
        }
        Assert.Equal(["2", "7", "10"], lines.Skip(1).Select(l => l.Split(',')[0]));

        var png = File.ReadAllBytes(folder.File("timepoints.png"));
        Assert.True(png.Length > 1000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "timepoints.png is not a PNG");

        using var metrics = JsonDocument.Parse(File.ReadAllBytes(folder.File("metrics.json")));
        var points = metrics.RootElement.GetProperty("timePoints").EnumerateArray().ToArray();
        Assert.Equal(["2", "7", "10"], points.Select(p => p.GetProperty("timePoint").GetString()));
        Assert.Equal(course.Result.TimePoints[2].MeasuredEfficiency!.Value, points[2].GetProperty("measuredEfficiency").GetDouble(), 12);
        Assert.Equal(course.Result.TimePoints[0].Evaluation!.Accuracy, points[0].GetProperty("accuracy").GetDouble(), 12);
    }

    [Fact]
    public void Results_merged_into_one_report_are_grouped_together_and_one_time_point_draws_no_course()
    {
        var report = EvaluationReport.Create([TimeCourse.Create(seed: 5).Result, TimeCourse.Create(seed: 6).Result]);
        Assert.Equal([6, 6, 6], report.TimePoints.Select(t => t.Micrographs.Count));
        Assert.Equal(24, report.TimePoints[0].Evaluation!.Count);

        var single = EvaluationReport.Create([TimeCourse.Create(["1"]).Result]);
        Assert.Contains(ReportFiles.TimePointTable, ReportFiles.For(single));
        Assert.DoesNotContain(ReportFiles.TimePointPlot, ReportFiles.For(single));

        var none = EvaluationReport.Create([TimeCourse.Create().Result.WithTimePoints(_ => null)]);
        Assert.DoesNotContain(ReportFiles.TimePointTable, ReportFiles.For(none));
        Assert.Empty(none.TimePoints);
    }
}
