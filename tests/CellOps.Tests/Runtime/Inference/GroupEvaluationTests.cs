using CellOps.Runtime.Inference;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Inference;

public sealed class GroupEvaluationTests
{
    [Fact]
    public void Each_time_point_groups_its_own_micrographs_and_tiles_in_time_order_even_where_names_repeat()
    {
        var course = TimeCourse.Create();
        var groups = course.Result.Groups;

        // By value, not as text (which would put 10 before 2); the field without a day is in no group.
        Assert.Equal(["2", "7", "10"], groups.Select(t => t.Group));
        Assert.Equal([2.0, 7.0, 10.0], groups.Select(t => t.Value!.Value));
        Assert.Equal(10, course.Result.Micrographs.Count);
        Assert.Null(course.Result.Micrographs[^1].Group);
        foreach (var t in groups)
        {
            var fields = course.Fields.Where(f => f.Day == t.Group).ToArray();
            Assert.Equal(3, t.Micrographs.Count);
            Assert.Equal(12, t.Tiles);
            Assert.All(t.Micrographs, m => Assert.Equal(t.Group, m.Group));
            // Each day's fields are named field0..field2, as on every other day: the group holds this day's, by their measurement.
            Assert.Equal(fields.Select(f => f.Measured), t.Micrographs.Select(m => m.MeasuredEfficiency!.Value));
        }
    }

    [Fact]
    public void A_time_points_metrics_are_those_of_its_tiles_and_micrographs_alone()
    {
        var course = TimeCourse.Create();
        foreach (var t in course.Result.Groups)
        {
            var fields = course.Fields.Where(f => f.Day == t.Group).ToArray();
            var labels = fields.SelectMany(f => f.Labels).ToArray();
            var positive = fields.SelectMany(f => f.Positive).ToArray();
            var called = positive.Select(p => p > 0.5f ? 1 : 0).ToArray();
            int tp = Enumerable.Range(0, labels.Length).Count(i => labels[i] == 1 && called[i] == 1);
            int fp = Enumerable.Range(0, labels.Length).Count(i => labels[i] == 0 && called[i] == 1);
            int fn = Enumerable.Range(0, labels.Length).Count(i => labels[i] == 1 && called[i] == 0);

            var evaluation = t.Evaluation!;
            Assert.Equal(12, evaluation.Count);
            Assert.Equal((double)Enumerable.Range(0, labels.Length).Count(i => labels[i] == called[i]) / labels.Length, evaluation.Accuracy, 12);
            Assert.Equal(tp == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn), evaluation.F1, 12);
            Assert.Equal(Auc(positive, labels), evaluation.RocAuc!.Value, 12);

            var predicted = fields.Select(f => f.Positive.Count(p => p > 0.5f) / 4.0).ToArray();
            var measured = fields.Select(f => f.Measured).ToArray();
            Assert.Equal(predicted.Average(), t.PredictedEfficiency, 12);
            Assert.Equal(SampleSd(predicted), t.PredictedEfficiencySd!.Value, 12);
            Assert.Equal(measured.Average(), t.MeasuredEfficiency!.Value, 12);
            Assert.Equal(SampleSd(measured), t.MeasuredEfficiencySd!.Value, 12);
            Assert.Equal(3, t.MeasuredMicrographs);
            if (SampleSd(predicted) > 0) Assert.Equal(HandStatistics.Pearson(predicted, measured), t.EfficiencyCorrelation!.Value, 12);
            else Assert.Null(t.EfficiencyCorrelation);
        }
        // The generator makes later days more differentiated, and the summaries show it.
        var points = course.Result.Groups;
        Assert.True(points[0].MeasuredEfficiency < points[1].MeasuredEfficiency && points[1].MeasuredEfficiency < points[2].MeasuredEfficiency);
    }

    [Fact]
    public void Spellings_of_one_number_are_one_time_point_and_text_sorts_with_its_numbers_as_numbers()
    {
        var numbers = TimeCourse.Create(["3", "3.0", "0.5"], perDay: 2).Result.Groups;
        Assert.Equal(["0.5", "3"], numbers.Select(t => t.Group));
        Assert.Equal([2, 4], numbers.Select(t => t.Micrographs.Count));

        var text = TimeCourse.Create(["day 10", "Day 2", "day 7"], perDay: 1).Result.Groups;
        Assert.Equal(["Day 2", "day 7", "day 10"], text.Select(t => t.Group));
        Assert.All(text, t => Assert.Null(t.Value));
        // One micrograph: a mean but no spread, and no r.
        Assert.All(text, t => Assert.Null(t.PredictedEfficiencySd));
        Assert.All(text, t => Assert.Null(t.EfficiencyCorrelation));
    }

    [Fact]
    public void WithGroups_regroups_by_another_reading_and_keeps_everything_else()
    {
        var course = TimeCourse.Create();
        // Regroup into early (days 2 and 7) and late (day 10 and the field without a day).
        var regrouped = course.Result.WithGroups(m => m.Metadata.TryGetValue(TimePointMetadata.DefaultKey, out var day) && day != "10" ? "early" : " late ", "stage");
        Assert.Equal(["early", "late"], regrouped.Groups.Select(t => t.Group));
        Assert.Equal("stage", regrouped.GroupedBy);
        Assert.Equal(TimePointMetadata.DefaultKey, course.Result.GroupedBy);
        Assert.Equal([6, 4], regrouped.Groups.Select(t => t.Micrographs.Count));
        Assert.Equal([24, 16], regrouped.Groups.Select(t => t.Tiles));
        Assert.Equal(course.Result.Tiles, regrouped.Tiles);
        Assert.Equal(course.Result.Evaluation!.Accuracy, regrouped.Evaluation!.Accuracy);
        Assert.Equal(course.Result.Micrographs.Select(m => m.MeasuredEfficiency), regrouped.Micrographs.Select(m => m.MeasuredEfficiency));
        Assert.Same(course.Result.Sources[0], regrouped.Sources[0]);

        // A blank reading is no time point; none at all is no per-time-point metrics.
        Assert.Empty(course.Result.WithGroups(_ => "  ", "blank").Groups);
        Assert.All(course.Result.WithGroups(_ => null, "none").Micrographs, m => Assert.Null(m.Group));
    }

    [Fact]
    public void Without_time_points_there_are_no_groups_and_the_default_entry_can_be_replaced()
    {
        var course = TimeCourse.Create();
        Assert.Empty(GroupEvaluation.Compute([]));
        var renamed = course.Fields[0].Micrograph.WithMetadata([new("Day", "4")]);
        Assert.Equal("4", TimePointMetadata.Read(renamed, "day"));
        Assert.Equal("2", TimePointMetadata.Read(renamed, TimePointMetadata.DefaultKey));
        Assert.Null(TimePointMetadata.Read(renamed, "Week"));
    }

    // The probability that a random positive outscores a random negative, ties counting half.
    private static double Auc(float[] scores, int[] labels)
    {
        var pos = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 1).Select(i => scores[i]).ToArray();
        var neg = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 0).Select(i => scores[i]).ToArray();
        double wins = pos.Sum(p => neg.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0));
        return wins / (pos.Length * neg.Length);
    }

    private static double SampleSd(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }
}
