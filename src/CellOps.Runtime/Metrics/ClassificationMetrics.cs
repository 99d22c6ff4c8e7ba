namespace CellOps.Runtime.Metrics;

/// <summary>
/// The one way CellOps scores a classifier, used by training validation and by inference alike so the
/// numbers in a model package and in a later evaluation mean the same thing.
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>The predicted class of one row of probabilities: the most probable, the lowest index on ties.</summary>
    public static int PredictedClass(ReadOnlySpan<float> row)
    {
        var predicted = 0;
        // Strictly greater, so ties go to the lowest index.
        for (var c = 1; c < row.Length; c++) if (row[c] > row[predicted]) predicted = c;
        return predicted;
    }

    /// <summary>Scores class probabilities against true labels.</summary>
    /// <param name="probabilities">N×K class probabilities (softmax outputs), row-major. The predicted class of a
    /// row is its largest probability, the lowest index on ties.</param>
    /// <param name="labels">The N true classes, each in [0, K).</param>
    /// <param name="classCount">K, at least 2.</param>
    /// <param name="classNames">K names; the class indices as text where null.</param>
    /// <remarks>
    /// With two classes, precision, recall, F1 and AUC are those of class 1, the positive class. With
    /// more, they are macro averages: precision, recall and F1 over the classes that occur among true
    /// or predicted labels, AUC one-vs-rest over the classes with both positives and negatives.
    /// A ratio whose denominator is zero counts as 0 (precision of a class never predicted, recall of a
    /// class never present, F1 where both are 0), never NaN, so a report always serialises and compares.
    /// </remarks>
    /// <exception cref="ArgumentException">Fewer than two classes, no samples, lengths that do not match, a label out
    /// of range, a NaN probability, or a wrong number of class names.</exception>
    public static ClassificationReport Compute(
        ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, int classCount, IReadOnlyList<string>? classNames = null)
    {
        var k = classCount;
        var n = labels.Length;
        if (k < 2) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "A classifier needs at least two classes.");
        if (n == 0) throw new ArgumentException("There are no samples to score.", nameof(labels));
        if (probabilities.Length != (long)n * k)
            throw new ArgumentException($"{n} labels and {k} classes need {(long)n * k} probabilities; got {probabilities.Length}.", nameof(probabilities));
        if (classNames is not null && classNames.Count != k)
            throw new ArgumentException($"{k} classes but {classNames.Count} class names.", nameof(classNames));
        for (var i = 0; i < n; i++)
        {
            if ((uint)labels[i] >= (uint)k)
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"Label {i} is {labels[i]}; labels must be in [0, {k}).");
        }
        if (ContainsNaN(probabilities))
            throw new ArgumentException("A probability is NaN.", nameof(probabilities));

        var names = classNames?.ToArray() ?? Enumerable.Range(0, k).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var confusion = Confusion(probabilities, labels, k);
        var perClass = PerClass(confusion, names);

        var correct = 0;
        for (var c = 0; c < k; c++) correct += confusion[c][c];
        var accuracy = (double)correct / n;

        double precision, recall, f1;
        if (k == 2)
        {
            (precision, recall, f1) = (perClass[1].Precision, perClass[1].Recall, perClass[1].F1);
        }
        else
        {
            var occurring = perClass.Where(m => m.Support > 0 || PredictedCount(confusion, m.Class) > 0).ToList();
            precision = occurring.Average(m => m.Precision);
            recall = occurring.Average(m => m.Recall);
            f1 = occurring.Average(m => m.F1);
        }

        return new ClassificationReport(n, names, accuracy, precision, recall, f1, Auc(probabilities, labels, k), confusion, perClass);
    }

    private static bool ContainsNaN(ReadOnlySpan<float> values)
    {
        foreach (var v in values) if (float.IsNaN(v)) return true;
        return false;
    }

    private static int[][] Confusion(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, int k)
    {
        var confusion = new int[k][];
        for (var c = 0; c < k; c++) confusion[c] = new int[k];
        for (var i = 0; i < labels.Length; i++)
        {
            confusion[labels[i]][PredictedClass(probabilities.Slice(i * k, k))]++;
        }
        return confusion;
    }

    private static ClassMetrics[] PerClass(int[][] confusion, string[] names)
    {
        var k = names.Length;
        var result = new ClassMetrics[k];
        for (var c = 0; c < k; c++)
        {
            var tp = confusion[c][c];
            var support = confusion[c].Sum();
            var predicted = PredictedCount(confusion, c);
            var fp = predicted - tp;
            var fn = support - tp;
            result[c] = new ClassMetrics(c, names[c], Ratio(tp, predicted), Ratio(tp, support), Ratio(2 * tp, 2 * tp + fp + fn), support);
        }
        return result;
    }

    private static int PredictedCount(int[][] confusion, int c)
    {
        var total = 0;
        foreach (var row in confusion) total += row[c];
        return total;
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static double? Auc(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, int k)
    {
        var scores = new float[labels.Length];
        var positive = new bool[labels.Length];
        if (k == 2) return OneVsRest(probabilities, labels, k, 1, scores, positive);

        var sum = 0.0;
        var counted = 0;
        for (var c = 0; c < k; c++)
        {
            if (OneVsRest(probabilities, labels, k, c, scores, positive) is { } auc)
            {
                sum += auc;
                counted++;
            }
        }
        return counted == 0 ? null : sum / counted;
    }

    // scores and positive are scratch buffers reused across classes.
    private static double? OneVsRest(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, int k, int c, float[] scores, bool[] positive)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            scores[i] = probabilities[i * k + c];
            positive[i] = labels[i] == c;
        }
        return RocAuc.Compute(scores, positive);
    }
}
