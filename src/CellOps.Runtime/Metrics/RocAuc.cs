namespace CellOps.Runtime.Metrics;

/// <summary>The area under the ROC curve, computed exactly from ranks.</summary>
public static class RocAuc
{
    /// <summary>
    /// The probability that a random positive scores above a random negative, ties counting one half
    /// (the Mann-Whitney U statistic over n⁺·n⁻), in O(N log N).
    /// </summary>
    /// <param name="scores">One score per sample; higher means more likely positive. No NaN.</param>
    /// <param name="positive">Whether each sample is a positive.</param>
    /// <returns>The AUC in [0, 1], or null where there are no positives or no negatives.</returns>
    /// <exception cref="ArgumentException">The lengths differ, or a score is NaN.</exception>
    public static double? Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> positive)
    {
        if (scores.Length != positive.Length)
            throw new ArgumentException($"{scores.Length} scores but {positive.Length} labels.", nameof(positive));
        var keys = scores.ToArray();
        if (Array.Exists(keys, float.IsNaN)) throw new ArgumentException("A score is NaN.", nameof(scores));
        var isPositive = positive.ToArray();
        long positives = isPositive.Count(p => p);
        long negatives = keys.Length - positives;
        if (positives == 0 || negatives == 0) return null;

        Array.Sort(keys, isPositive);
        // Ranks are kept doubled so a tie group's average rank stays a whole number and the count exact.
        long doubledRankSum = 0;
        for (var start = 0; start < keys.Length;)
        {
            var end = start;
            while (end + 1 < keys.Length && keys[end + 1] == keys[start]) end++;
            long positivesInGroup = 0;
            for (var i = start; i <= end; i++) if (isPositive[i]) positivesInGroup++;
            // 1-based ranks start+1 .. end+1 average to (start + end + 2) / 2.
            doubledRankSum += positivesInGroup * (start + end + 2L);
            start = end + 1;
        }
        var doubledU = doubledRankSum - positives * (positives + 1);
        return doubledU / (2.0 * positives * negatives);
    }
}
