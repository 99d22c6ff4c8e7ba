using CellOps.Runtime.Inference;
using ScottPlot;

namespace CellOps.Reporting.Figures;

/// <summary>
/// The model per group (by default per time point): accuracy and balanced accuracy of the group's labelled
/// tiles, and, for a two-class model, predicted and measured efficiency, each the mean over the group's
/// micrographs with a bar of ± one sample standard deviation. Numeric keys sit at their values; others evenly,
/// in key order.
/// </summary>
internal static class GroupFigure
{
    public static Plot Draw(string model, string groupedBy, IReadOnlyList<GroupSummary> groups)
    {
        var plot = new Plot();
        bool numeric = groups.All(t => t.Value is not null);
        double[] x = groups.Select((t, i) => numeric ? t.Value!.Value : i).ToArray();
        double span = x.Length > 1 ? x.Max() - x.Min() : 1;
        // The series sit a little apart, so bars at one group do not hide one another.
        double nudge = span * 0.012;
        double top = 0.05;
        top = Math.Max(top, AddSeries(plot, x, -2 * nudge, groups.Select(t => (t.Evaluation?.Accuracy, (double?)null)), "accuracy", 3));
        top = Math.Max(top, AddSeries(plot, x, -nudge, groups.Select(t => (t.Evaluation?.BalancedAccuracy, (double?)null)), "balanced accuracy", 4));
        // Efficiency is the share of tiles predicted positive: it means something only with one negative and one positive class.
        bool binary = groups.Select(t => t.Evaluation?.ClassCount).FirstOrDefault(c => c is not null) is null or 2;
        if (binary)
        {
            top = Math.Max(top, AddSeries(plot, x, 0, groups.Select(t => ((double?)t.PredictedEfficiency, t.PredictedEfficiencySd)), "predicted efficiency (positive tiles)", 0));
            top = Math.Max(top, AddSeries(plot, x, nudge, groups.Select(t => (t.PredictedArea, t.PredictedAreaSd)), "predicted efficiency (positive area)", 1));
            top = Math.Max(top, AddSeries(plot, x, 2 * nudge, groups.Select(t => (t.MeasuredEfficiency, t.MeasuredEfficiencySd)), "measured efficiency (binarized pair)", 2));
        }

        plot.Axes.Bottom.SetTicks(x, groups.Select(t => t.Group).ToArray());
        double margin = Math.Max(span * 0.08, 0.3);
        plot.Axes.SetLimits(x.Min() - margin, x.Max() + margin, 0, Math.Min(1.05, top * 1.12));
        string by = groupedBy == TimePointMetadata.DefaultKey ? "time point" : groupedBy;
        plot.Title($"By {by}: {model}");
        plot.XLabel(by);
        plot.YLabel(binary ? "Share (efficiency: mean ± SD over micrographs)" : "Share of the group's tiles");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    // Draws one series where it has values; returns the highest point it reaches (0 where none).
    private static double AddSeries(Plot plot, double[] x, double offset, IEnumerable<(double? Mean, double? Sd)> values, string label, int colour)
    {
        var points = values.ToArray();
        var present = Enumerable.Range(0, x.Length).Where(i => points[i].Mean is double v && double.IsFinite(v)).ToArray();
        if (present.Length == 0) return 0;
        var color = FigureStyle.SeriesColor(colour);
        var xs = present.Select(i => x[i] + offset).ToArray();
        var line = plot.Add.Scatter(xs, present.Select(i => points[i].Mean!.Value).ToArray());
        line.Color = color;
        line.LineWidth = 2;
        line.MarkerSize = 8;
        line.LegendText = label;
        double top = 0;
        for (int p = 0; p < present.Length; p++)
        {
            var (mean, sd) = points[present[p]];
            // An efficiency is a share: the bar stops at 0 and 1.
            double high = Math.Min(1, mean!.Value + (sd ?? 0));
            top = Math.Max(top, high);
            if (sd is not double spread || spread <= 0) continue;
            var bar = plot.Add.Line(xs[p], Math.Max(0, mean.Value - spread), xs[p], high);
            bar.LineColor = color;
            bar.LineWidth = 1.5f;
        }
        return top;
    }
}
