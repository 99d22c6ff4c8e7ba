using System.Globalization;

namespace CellOps.Runtime.Metrics;

/// <summary>How well a classifier did on a set of samples; made by <see cref="ClassificationMetrics.Compute"/>.</summary>
public sealed class ClassificationReport
{
    private readonly int[][] _confusion;

    internal ClassificationReport(
        int count, IReadOnlyList<string> classNames, double accuracy, double precision, double recall, double f1,
        double? rocAuc, int[][] confusion, IReadOnlyList<ClassMetrics> perClass)
    {
        Count = count;
        ClassNames = classNames;
        Accuracy = accuracy;
        Precision = precision;
        Recall = recall;
        F1 = f1;
        RocAuc = rocAuc;
        _confusion = confusion;
        PerClass = perClass;
    }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>The number of classes.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>Class names, index = class.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The fraction of samples whose predicted class is the true one.</summary>
    public double Accuracy { get; }

    /// <summary>Two classes: precision of class 1. More: the macro average over classes that occur in truth or prediction.</summary>
    public double Precision { get; }

    /// <summary>Two classes: recall of class 1. More: the macro average over classes that occur in truth or prediction.</summary>
    public double Recall { get; }

    /// <summary>Two classes: F1 of class 1. More: the macro average of per-class F1 over classes that occur in truth or prediction.</summary>
    public double F1 { get; }

    /// <summary>
    /// Two classes: ROC AUC of P(class 1). More: the macro average of one-vs-rest AUCs over classes
    /// with both positives and negatives. Null where no class qualifies (one class among the true labels).
    /// </summary>
    public double? RocAuc { get; }

    /// <summary>
    /// The mean of the per-class recalls over the classes that occur among the true labels: what the
    /// accuracy would be if every class were equally common. Under imbalance it shows what accuracy
    /// hides (always answering the majority class scores 1/K here, not its share).
    /// </summary>
    public double BalancedAccuracy => PerClass.Where(m => m.Support > 0).Select(m => m.Recall).DefaultIfEmpty(0).Average();

    /// <summary>Counts indexed [true class][predicted class]; a fresh copy on each call.</summary>
    public int[][] ConfusionMatrix => _confusion.Select(row => (int[])row.Clone()).ToArray();

    /// <summary>Precision, recall, F1 and support of every class, in class order.</summary>
    public IReadOnlyList<ClassMetrics> PerClass { get; }

    /// <summary>
    /// The headline numbers under the names a model package records them with: <c>accuracy</c>,
    /// <c>balancedAccuracy</c>, <c>precision</c>, <c>recall</c>, <c>f1</c>, and <c>rocAuc</c> where defined.
    /// </summary>
    public IReadOnlyDictionary<string, double> ToDictionary()
    {
        var values = new Dictionary<string, double>
        {
            ["accuracy"] = Accuracy,
            ["balancedAccuracy"] = BalancedAccuracy,
            ["precision"] = Precision,
            ["recall"] = Recall,
            ["f1"] = F1,
        };
        if (RocAuc is { } auc) values["rocAuc"] = auc;
        return values;
    }

    /// <summary>One line, e.g. <c>accuracy 0.950, precision 0.933, recall 0.966, F1 0.949, AUC 0.981</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"accuracy {Accuracy:0.000}, precision {Precision:0.000}, recall {Recall:0.000}, F1 {F1:0.000}, AUC {(RocAuc is { } auc ? auc.ToString("0.000", CultureInfo.InvariantCulture) : "n/a")}");
}
