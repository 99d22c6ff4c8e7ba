using CellOps.Runtime.Inference;
using ScottPlot;

namespace CellOps.Reporting.Figures;

/// <summary>
/// Predicted and measured efficiency over a time course: one point per time point, the mean over its
/// micrographs, with a bar of ± one sample standard deviation. Numeric time points sit at their values; others
/// evenly, in time order.
/// </summary>
internal static class TimePointFigure
{
    public static Plot Draw(string model, IReadOnlyList<TimePointSummary> timePoints)
    {
        var plot = new Plot();
        bool numeric = timePoints.All(t => t.Value is not null);
        double[] x = timePoints.Select((t, i) => numeric ? t.Value!.Value : i).ToArray();
        double span = x.Length > 1 ? x.Max() - x.Min() : 1;
        // The series sit a little apart, so bars at one time point do not hide one another.
        double nudge = span * 0.012;
        double top = 0.05;
        top = Math.Max(top, AddSeries(plot, x, -nudge, timePoints.Select(t => ((double?)t.PredictedEfficiency, t.PredictedEfficiencySd)), "predicted (positive tiles)", 0));
        top = Math.Max(top, AddSeries(plot, x, 0, timePoints.Select(t => (t.PredictedArea, t.PredictedAreaSd)), "predicted (positive area)", 1));
        top = Math.Max(top, AddSeries(plot, x, nudge, timePoints.Select(t => (t.MeasuredEfficiency, t.MeasuredEfficiencySd)), "measured (binarized pair)", 2));

        plot.Axes.Bottom.SetTicks(x, timePoints.Select(t => t.TimePoint).ToArray());
        double margin = Math.Max(span * 0.08, 0.3);
        plot.Axes.SetLimits(x.Min() - margin, x.Max() + margin, 0, Math.Min(1.05, top * 1.12));
        plot.Title($"Efficiency over time: {model}");
        plot.XLabel("Time point");
        plot.YLabel("Efficiency (mean ± SD over micrographs)");
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
