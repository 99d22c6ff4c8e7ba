namespace CellOps.Runtime.Metrics;

/// <summary>
/// Accuracy, precision, recall, F1, ROC AUC and the confusion matrix from class probabilities: the one
/// evaluation path of the trainer's validation and of Invoke-CellModel.
/// </summary>
/// <remarks>A ratio whose denominator is zero (no tile predicted as a class, say) counts as 0.</remarks>
public static class ClassificationMetrics
{
    /// <summary>Evaluates predictions.</summary>
    /// <param name="probabilities">N×K row-major class probabilities; the predicted class is the most probable (lowest index on ties).</param>
    /// <param name="labels">N true classes in [0, K).</param>
    /// <param name="classCount">K (at least 2).</param>
    /// <param name="classNames">K names, or null for "0", "1", ...</param>
    /// <exception cref="ArgumentException">Lengths that do not agree, or a label outside [0, K).</exception>
    public static ClassificationReport Compute(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, int classCount, IReadOnlyList<string>? classNames = null)
    {
        if (classCount < 2) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "Classification needs at least two classes.");
        int n = labels.Length;
        if (probabilities.Length != n * classCount) throw new ArgumentException($"Expected {n}×{classCount} probabilities, got {probabilities.Length}.");
        if (classNames is not null && classNames.Count < classCount) throw new ArgumentException("Fewer class names than classes.", nameof(classNames));
        var names = classNames?.Take(classCount).ToArray() ?? Enumerable.Range(0, classCount).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var confusion = new int[classCount][];
        for (int k = 0; k < classCount; k++) confusion[k] = new int[classCount];
        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            int truth = labels[i];
            if ((uint)truth >= (uint)classCount) throw new ArgumentException($"Label {truth} of tile {i} is not a class in [0, {classCount}).", nameof(labels));
            var row = probabilities.Slice(i * classCount, classCount);
            int predicted = 0;
            for (int k = 1; k < classCount; k++)
            {
                if (row[k] > row[predicted]) predicted = k;
            }
            confusion[truth][predicted]++;
            if (predicted == truth) correct++;
        }

        var perClass = new ClassMetrics[classCount];
        for (int k = 0; k < classCount; k++)
        {
            int tp = confusion[k][k];
            int actual = confusion[k].Sum();
            int predictedAs = 0;
            for (int t = 0; t < classCount; t++) predictedAs += confusion[t][k];
            double precision = Ratio(tp, predictedAs), recall = Ratio(tp, actual);
            perClass[k] = new ClassMetrics(k, names[k], precision, recall, Ratio(2 * precision * recall, precision + recall), actual);
        }

        var aucs = new List<double>();
        var scores = new float[n];
        var positive = new bool[n];
        for (int k = classCount == 2 ? 1 : 0; k < classCount; k++)
        {
            for (int i = 0; i < n; i++)
            {
                scores[i] = probabilities[i * classCount + k];
                positive[i] = labels[i] == k;
            }
            if (RocAuc.Compute(scores, positive) is { } auc) aucs.Add(auc);
        }

        double accuracy = Ratio(correct, n);
        if (classCount == 2)
        {
            var p = perClass[1];
            return new ClassificationReport(n, names, accuracy, p.Precision, p.Recall, p.F1, aucs.Count == 1 ? aucs[0] : null, confusion, perClass);
        }
        // Macro averages over the classes that occur, in truth or in prediction.
        var occurring = perClass.Where(c => c.Support > 0 || confusion.Sum(row => row[c.Class]) > 0).ToArray();
        double Macro(Func<ClassMetrics, double> value) => occurring.Length == 0 ? 0 : occurring.Average(value);
        return new ClassificationReport(n, names, accuracy, Macro(c => c.Precision), Macro(c => c.Recall), Macro(c => c.F1),
            aucs.Count > 0 ? aucs.Average() : null, confusion, perClass);
    }

    private static double Ratio(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;
}
