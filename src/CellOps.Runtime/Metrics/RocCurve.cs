namespace CellOps.Runtime.Metrics;

/// <summary>
/// The receiver operating characteristic of a score: one point per distinct threshold, from (0, 0)
/// (nothing called positive) to (1, 1) (everything called positive).
/// </summary>
public sealed class RocCurve
{
    private RocCurve(double[] fpr, double[] tpr, double[] thresholds, double? auc)
    {
        FalsePositiveRate = fpr;
        TruePositiveRate = tpr;
        Thresholds = thresholds;
        Auc = auc;
    }

    /// <summary>False-positive rate of each point, non-decreasing.</summary>
    public IReadOnlyList<double> FalsePositiveRate { get; }

    /// <summary>True-positive rate of each point, non-decreasing.</summary>
    public IReadOnlyList<double> TruePositiveRate { get; }

    /// <summary>The score at or above which samples are called positive at each point (+∞ for the first).</summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>Area under the curve (<see cref="RocAuc"/>); null without both positives and negatives.</summary>
    public double? Auc { get; }

    /// <summary>Traces the curve.</summary>
    /// <param name="scores">One score per sample; higher means more likely positive. No NaN.</param>
    /// <param name="positive">Whether each sample is a positive.</param>
    /// <returns>The curve; null where there are no positives or no negatives (the rates are undefined).</returns>
    /// <exception cref="ArgumentException">The lengths differ, or a score is NaN.</exception>
    public static RocCurve? Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> positive)
    {
        double? auc = RocAuc.Compute(scores, positive);
        if (auc is null) return null;
        var keys = scores.ToArray();
        var isPositive = positive.ToArray();
        // Descending scores: lowering the threshold past each tie group adds the whole group at once.
        Array.Sort(keys, isPositive, Comparer<float>.Create((a, b) => b.CompareTo(a)));
        double positives = isPositive.Count(p => p), negatives = isPositive.Length - positives;
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        var thresholds = new List<double> { double.PositiveInfinity };
        long truePositives = 0, falsePositives = 0;
        for (int start = 0; start < keys.Length;)
        {
            int end = start;
            while (end + 1 < keys.Length && keys[end + 1] == keys[start]) end++;
            for (int i = start; i <= end; i++)
            {
                if (isPositive[i]) truePositives++;
                else falsePositives++;
            }
            fpr.Add(falsePositives / negatives);
            tpr.Add(truePositives / positives);
            thresholds.Add(keys[start]);
            start = end + 1;
        }
        return new RocCurve(fpr.ToArray(), tpr.ToArray(), thresholds.ToArray(), auc);
    }
}
