using System.Globalization;
using CellOps.Runtime.Inference;
using ScottPlot;

namespace CellOps.Reporting.Figures;

/// <summary>Predicted against measured efficiency per micrograph, with the identity line and Pearson's r.</summary>
internal static class EfficiencyFigure
{
    public static Plot Draw(string model, IReadOnlyList<MicrographSummary> micrographs, double? tileR, double? areaR)
    {
        var plot = new Plot();
        var measured = micrographs.Where(m => m.MeasuredEfficiency is not null).ToArray();
        double top = Math.Max(0.05, measured.SelectMany(m => new[] { m.MeasuredEfficiency!.Value, m.PositiveFraction, m.PositiveArea ?? 0 }).DefaultIfEmpty(1).Max() * 1.1);
        var identity = plot.Add.Line(0, 0, top, top);
        identity.LineColor = Colors.Gray;
        identity.LinePattern = LinePattern.Dashed;
        identity.LegendText = "predicted = measured";

        var tiles = plot.Add.ScatterPoints(measured.Select(m => m.MeasuredEfficiency!.Value).ToArray(), measured.Select(m => m.PositiveFraction).ToArray());
        tiles.Color = FigureStyle.SeriesColor(0);
        tiles.MarkerSize = 8;
        tiles.LegendText = $"positive tiles (r = {Format(tileR)})";
        var withArea = measured.Where(m => m.PositiveArea is not null).ToArray();
        if (withArea.Length > 0)
        {
            var area = plot.Add.ScatterPoints(withArea.Select(m => m.MeasuredEfficiency!.Value).ToArray(), withArea.Select(m => m.PositiveArea!.Value).ToArray());
            area.Color = FigureStyle.SeriesColor(1);
            area.MarkerSize = 8;
            area.MarkerShape = MarkerShape.OpenTriangleUp;
            area.LegendText = $"positive area (r = {Format(areaR)})";
        }
        plot.Axes.SetLimits(0, top, 0, top);
        plot.Title($"Efficiency per micrograph: {model}");
        plot.XLabel("Measured efficiency (binarized pair)");
        plot.YLabel("Predicted efficiency");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static string Format(double? r) => r is double v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}
