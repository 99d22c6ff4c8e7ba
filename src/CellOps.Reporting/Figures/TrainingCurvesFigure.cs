using CellOps.Runtime.Training;
using ScottPlot;

namespace CellOps.Reporting.Figures;

/// <summary>Training and validation loss per epoch (left axis) with validation accuracy and AUC (right axis, 0–1).</summary>
internal static class TrainingCurvesFigure
{
    public static Plot Draw(string model, IReadOnlyList<EpochRecord> epochs)
    {
        var plot = new Plot();
        double[] x = epochs.Select(e => (double)e.Epoch).ToArray();
        AddLine(plot, x, epochs.Select(e => (double?)e.Loss), "training loss", 0, plot.Axes.Left);
        AddLine(plot, x, epochs.Select(e => e.ValidationLoss), "validation loss", 1, plot.Axes.Left);
        bool right = AddLine(plot, x, epochs.Select(e => e.ValidationAccuracy), "validation accuracy", 2, plot.Axes.Right);
        right |= AddLine(plot, x, epochs.Select(e => e.ValidationAuc), "validation AUC", 3, plot.Axes.Right);
        if (right)
        {
            plot.Axes.Right.Label.Text = "Accuracy / AUC";
            plot.Axes.SetLimitsY(0, 1.02, plot.Axes.Right);
        }
        plot.Title($"Training: {model}");
        plot.XLabel("Epoch");
        plot.YLabel("Loss");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    private static bool AddLine(Plot plot, double[] x, IEnumerable<double?> values, string label, int colour, IYAxis axis)
    {
        var y = values.ToArray();
        var present = Enumerable.Range(0, x.Length).Where(i => y[i] is double v && double.IsFinite(v)).ToArray();
        if (present.Length == 0) return false;
        var line = plot.Add.Scatter(present.Select(i => x[i]).ToArray(), present.Select(i => y[i]!.Value).ToArray());
        line.Color = FigureStyle.SeriesColor(colour);
        line.LineWidth = 2;
        line.MarkerSize = present.Length <= 30 ? 5 : 0;
        line.LegendText = label;
        line.Axes.YAxis = axis;
        return true;
    }
}
