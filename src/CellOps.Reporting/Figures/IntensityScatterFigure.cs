using System.Globalization;
using CellOps.Runtime.Metrics;
using ScottPlot;

namespace CellOps.Reporting.Figures;

/// <summary>
/// Predicted against true intensity of one translated channel, from a sample of pixels, with the
/// identity line and Pearson's r: a good prediction hugs the line.
/// </summary>
internal static class IntensityScatterFigure
{
    /// <param name="model">The model's name, for the title.</param>
    /// <param name="channel">The channel's name (e.g. DAPI), for the title.</param>
    /// <param name="sample">Sampled (true, predicted) pixel values, raw units.</param>
    /// <param name="pearson">Pearson's r over all pixels (not just the sample); null where undefined.</param>
    public static Plot Draw(string model, string channel, IntensitySample sample, double? pearson)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var truth = sample.Truth.Select(v => (double)v).ToArray();
        var predicted = sample.Prediction.Select(v => (double)v).ToArray();
        var (low, high) = Limits(truth.Concat(predicted));

        var plot = new Plot();
        var identity = plot.Add.Line(low, low, high, high);
        identity.LineColor = Colors.Gray;
        identity.LinePattern = LinePattern.Dashed;
        identity.LegendText = "predicted = true";

        var points = plot.Add.ScatterPoints(truth, predicted);
        // Thousands of points overlap: translucent small markers show where they are dense.
        points.Color = FigureStyle.SeriesColor(0).WithAlpha(0.35);
        points.MarkerSize = 3;
        points.LegendText = string.Create(CultureInfo.InvariantCulture, $"{truth.Length:N0} sampled pixels");

        plot.Axes.SetLimits(low, high, low, high);
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"{channel}: predicted vs true (r = {FigureText.Number(pearson)}), {model}"));
        plot.XLabel($"True {channel} intensity");
        plot.YLabel($"Predicted {channel} intensity");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    // Both axes share one range, so the identity line is the diagonal; 3% margin keeps the extreme points inside.
    private static (double Low, double High) Limits(IEnumerable<double> values)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (double v in values)
        {
            low = Math.Min(low, v);
            high = Math.Max(high, v);
        }
        if (double.IsInfinity(low)) return (0, 1);
        if (!(high > low)) return (low - 0.5, high + 0.5);
        double margin = (high - low) * 0.03;
        return (low - margin, high + margin);
    }
}
