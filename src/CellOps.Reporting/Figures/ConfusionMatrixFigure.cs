using System.Globalization;
using CellOps.Runtime.Metrics;
using ScottPlot;

namespace CellOps.Reporting.Figures;

/// <summary>
/// The confusion matrix as shaded cells, shaded by the share of each true class (so a rare class's
/// row reads as clearly as a common one's) and labelled with the counts.
/// </summary>
internal static class ConfusionMatrixFigure
{
    public static Plot Draw(ClassificationReport report)
    {
        var plot = new Plot();
        var matrix = report.ConfusionMatrix;
        int k = report.ClassCount;
        var ink = Color.FromHex("#0072B2");
        for (int t = 0; t < k; t++)
        {
            int rowTotal = matrix[t].Sum();
            for (int p = 0; p < k; p++)
            {
                double share = rowTotal == 0 ? 0 : (double)matrix[t][p] / rowTotal;
                // True classes run top to bottom, as the matrix is printed.
                double top = k - t, bottom = top - 1;
                var cell = plot.Add.Rectangle(p, p + 1, bottom, top);
                cell.FillColor = Colors.White.MixedWith(ink, (float)share);
                cell.LineColor = Colors.White;
                var label = plot.Add.Text(matrix[t][p].ToString(CultureInfo.InvariantCulture), p + 0.5, bottom + 0.5);
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontSize = k > 6 ? 12 : 16;
                label.LabelFontColor = share > 0.5 ? Colors.White : Colors.Black;
            }
        }
        var centres = Enumerable.Range(0, k).Select(i => i + 0.5).ToArray();
        plot.Axes.Bottom.SetTicks(centres, report.ClassNames.ToArray());
        plot.Axes.Left.SetTicks(centres.Select(c => k - c).ToArray(), report.ClassNames.ToArray());
        plot.Axes.SetLimits(0, k, 0, k);
        // The model's name is in the other figures and the report's folder; here it would crowd the title.
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Confusion matrix ({report.Count} tiles, accuracy {report.Accuracy:0.000})"));
        plot.XLabel("Predicted class");
        plot.YLabel("True class");
        plot.HideGrid();
        return plot;
    }
}
