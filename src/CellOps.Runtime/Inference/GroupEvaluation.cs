using CellOps.Runtime.Metrics;

namespace CellOps.Runtime.Inference;

/// <summary>
/// Evaluates predictions per group: the micrographs that share a <see cref="MicrographSummary.Group"/> (by
/// default their time point) are scored on their own (tile metrics, efficiency and its correlation), so a time
/// course shows how the model does on each day, or a study on each donor or subtype, rather than only over all.
/// </summary>
public static class GroupEvaluation
{
    /// <summary>
    /// One summary per group over the micrographs of <paramref name="results"/> that carry one, in order of the
    /// keys (by value where every key is a number, see <see cref="GroupSummary.Value"/>; else in natural text
    /// order); empty where none carries one. Where every key is a number, spellings of the same number ("3", "3.0")
    /// are one group.
    /// </summary>
    /// <exception cref="ArgumentException">Results of models with different classes.</exception>
    public static IReadOnlyList<GroupSummary> Compute(IEnumerable<PredictionResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var all = results.ToArray();
        if (all.Length == 0) return [];
        var names = all[0].ClassNames;
        if (all.Any(r => !r.ClassNames.SequenceEqual(names, StringComparer.Ordinal)))
            throw new ArgumentException("Groups are evaluated over results of one model: the results' classes differ.", nameof(results));

        var members = all.SelectMany(r => r.TilesByMicrograph()).Where(m => m.Summary.Group is not null).ToArray();
        if (members.Length == 0) return [];
        var spellings = members.Select(m => m.Summary.Group!).Distinct(StringComparer.Ordinal).ToArray();
        var values = GroupOrder.Values(spellings);

        IEnumerable<(string Key, double? Value, (MicrographSummary Summary, IReadOnlyList<TilePrediction> Tiles)[] Members)> groups;
        if (values is not null)
        {
            var valueOf = spellings.Select((s, i) => (s, v: values[i])).ToDictionary(p => p.s, p => p.v, StringComparer.Ordinal);
            groups = members.GroupBy(m => valueOf[m.Summary.Group!])
                .OrderBy(g => g.Key)
                .Select(g => (g.First().Summary.Group!, (double?)g.Key, g.ToArray()));
        }
        else
        {
            groups = members.GroupBy(m => m.Summary.Group!, StringComparer.Ordinal)
                .OrderBy(g => g.Key, Comparer<string>.Create(GroupOrder.CompareNatural))
                .Select(g => (g.Key, (double?)null, g.ToArray()));
        }
        return groups.Select(g => new GroupSummary(g.Key, g.Value, g.Members.Select(m => m.Summary).ToArray(),
            Evaluate(g.Members.SelectMany(m => m.Tiles).ToArray(), names))).ToArray();
    }

    // Scored as Invoke-CellModel scores a whole tile set: only where every tile has a label.
    private static ClassificationReport? Evaluate(IReadOnlyList<TilePrediction> tiles, IReadOnlyList<string> names)
    {
        int k = names.Count;
        if (k < 2 || tiles.Count == 0 || !tiles.All(t => t.Label is int label && label >= 0 && label < k)) return null;
        var probabilities = new float[tiles.Count * k];
        var labels = new int[tiles.Count];
        for (int i = 0; i < tiles.Count; i++)
        {
            for (int c = 0; c < k; c++) probabilities[i * k + c] = tiles[i].Probabilities[c];
            labels[i] = tiles[i].Label!.Value;
        }
        return ClassificationMetrics.Compute(probabilities, labels, k, names);
    }
}
