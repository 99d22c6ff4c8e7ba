using System.Globalization;
using ScottPlot;

namespace CellOps.Reporting.Figures;

/// <summary>
/// Predicted against measured positive-area fraction (efficiency) per field of a translated channel,
/// each field's truth and prediction binarized at their own thresholds, with the identity line and
/// Pearson's r across fields.
/// </summary>
internal static class PositiveAreaFigure
{
    /// <param name="model">The model's name, for the title.</param>
    /// <param name="channel">The channel's name (e.g. MAP2), for the title.</param>
    /// <param name="measured">Each field's positive share of the binarized truth.</param>
    /// <param name="predicted">Each field's positive share of the binarized prediction, in the same order.</param>
    /// <param name="pearson">Pearson's r of predicted against measured across fields; null where undefined.</param>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static Plot Draw(string model, string channel, IReadOnlyList<double> measured, IReadOnlyList<double> predicted, double? pearson)
    {
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(predicted);
        if (measured.Count != predicted.Count)
            throw new ArgumentException($"{measured.Count} measured fractions but {predicted.Count} predicted ones.", nameof(predicted));

        var plot = new Plot();
        double top = Math.Min(1.05, Math.Max(0.05, measured.Concat(predicted).DefaultIfEmpty(1).Max() * 1.1));
        var identity = plot.Add.Line(0, 0, top, top);
        identity.LineColor = Colors.Gray;
        identity.LinePattern = LinePattern.Dashed;
        identity.LegendText = "predicted = measured";

        var fields = plot.Add.ScatterPoints(measured.ToArray(), predicted.ToArray());
        fields.Color = FigureStyle.SeriesColor(1);
        fields.MarkerSize = 8;
        fields.LegendText = string.Create(CultureInfo.InvariantCulture, $"{measured.Count} fields (r = {FigureText.Number(pearson)})");

        plot.Axes.SetLimits(0, top, 0, top);
        plot.Title($"{channel} positive area per field: {model}");
        plot.XLabel("Measured positive-area fraction");
        plot.YLabel("Predicted positive-area fraction");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
