namespace CellOps.Runtime.Metrics;

/// <summary>The area under the ROC curve, exactly, ties included (the Mann–Whitney U statistic).</summary>
public static class RocAuc
{
    /// <summary>
    /// AUC of <paramref name="scores"/> for telling positives from negatives: the probability that a
    /// random positive scores above a random negative, ties counting one half. O(N log N).
    /// </summary>
    /// <returns>The AUC, or null where there are no positives or no negatives.</returns>
    public static double? Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> positive)
    {
        if (scores.Length != positive.Length) throw new ArgumentException("Scores and labels differ in length.");
        int n = scores.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = scores.ToArray();
        Array.Sort(keys, order);

        // Average ranks (1-based) over runs of equal scores; sum them over the positives.
        double rankSum = 0;
        long positives = 0;
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && keys[end + 1] == keys[start]) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int i = start; i <= end; i++)
            {
                if (positive[order[i]])
                {
                    rankSum += rank;
                    positives++;
                }
            }
            start = end + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return null;
        double u = rankSum - positives * (positives + 1) / 2.0;
        return u / ((double)positives * negatives);
    }
}
