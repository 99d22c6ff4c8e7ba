using System.Globalization;

namespace CellOps.Runtime.Metrics;

/// <summary>How well class predictions match true labels.</summary>
public sealed class ClassificationReport
{
    internal ClassificationReport(int count, IReadOnlyList<string> classNames, double accuracy, double precision, double recall,
        double f1, double? rocAuc, int[][] confusionMatrix, IReadOnlyList<ClassMetrics> perClass)
    {
        Count = count;
        ClassNames = classNames;
        Accuracy = accuracy;
        Precision = precision;
        Recall = recall;
        F1 = f1;
        RocAuc = rocAuc;
        ConfusionMatrix = confusionMatrix;
        PerClass = perClass;
    }

    /// <summary>Tiles evaluated.</summary>
    public int Count { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>Class names, index = class.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Share of tiles whose predicted class is the true one.</summary>
    public double Accuracy { get; }

    /// <summary>Precision of class 1 for two classes; the macro average otherwise.</summary>
    public double Precision { get; }

    /// <summary>Recall of class 1 for two classes; the macro average otherwise.</summary>
    public double Recall { get; }

    /// <summary>F1 of class 1 for two classes; the macro average otherwise.</summary>
    public double F1 { get; }

    /// <summary>ROC AUC of P(class 1) for two classes, macro one-vs-rest otherwise; null where only one class occurs.</summary>
    public double? RocAuc { get; }

    /// <summary>Counts by [true class][predicted class].</summary>
    public int[][] ConfusionMatrix { get; }

    /// <summary>Per-class precision, recall, F1 and support.</summary>
    public IReadOnlyList<ClassMetrics> PerClass { get; }

    /// <summary>The confusion matrix as text, one row per true class.</summary>
    public string ConfusionText
    {
        get
        {
            int width = Math.Max(6, ClassNames.Max(n => n.Length) + 1);
            var lines = new List<string> { "true \\ predicted".PadRight(width + 2) + string.Concat(ClassNames.Select(n => n.PadLeft(width))) };
            for (int t = 0; t < ClassCount; t++)
            {
                lines.Add(ClassNames[t].PadRight(width + 2) + string.Concat(ConfusionMatrix[t].Select(c => c.ToString(CultureInfo.InvariantCulture).PadLeft(width))));
            }
            return string.Join(Environment.NewLine, lines);
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"accuracy {Accuracy:0.000}, precision {Precision:0.000}, recall {Recall:0.000}, F1 {F1:0.000}, AUC {(RocAuc is { } a ? a.ToString("0.000", CultureInfo.InvariantCulture) : "n/a")} ({Count} tiles)");
}
