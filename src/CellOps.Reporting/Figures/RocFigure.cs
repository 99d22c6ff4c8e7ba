using System.Globalization;
using ScottPlot;

namespace CellOps.Reporting.Figures;

/// <summary>ROC curves, one per class, against the chance diagonal.</summary>
internal static class RocFigure
{
    public static Plot Draw(string model, IReadOnlyList<ClassRocCurve> curves)
    {
        var plot = new Plot();
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LineColor = Colors.Gray;
        chance.LinePattern = LinePattern.Dashed;
        for (int i = 0; i < curves.Count; i++)
        {
            var c = curves[i];
            var line = plot.Add.ScatterLine(c.Curve.FalsePositiveRate.ToArray(), c.Curve.TruePositiveRate.ToArray());
            line.Color = FigureStyle.SeriesColor(i);
            line.LineWidth = 2;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{c.Name} (AUC {c.Curve.Auc:0.000})");
        }
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Title($"ROC: {model}");
        plot.XLabel("False-positive rate");
        plot.YLabel("True-positive rate");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
