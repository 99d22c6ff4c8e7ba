using System.Text;

namespace CellOps.Runtime.Weights;

/// <summary>How a weight file's entries line up with a network's parameters and buffers.</summary>
public sealed class WeightComparison
{
    private const int ListedPerKind = 20;

    internal WeightComparison(IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<ShapeMismatch> wrongShape,
        IReadOnlyList<string> ignored, IReadOnlyList<(ImportedTensor Source, string Target)> matched)
    {
        Missing = missing;
        Unexpected = unexpected;
        WrongShape = wrongShape;
        Ignored = ignored;
        Matched = matched;
    }

    /// <summary>Network entries (parameters and buffers) that no file entry fills.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>File entries with no network counterpart, or whose counterpart another file entry already fills.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>File entries whose counterpart has another shape.</summary>
    public IReadOnlyList<ShapeMismatch> WrongShape { get; }

    /// <summary>File entries the key map set aside deliberately (it returned null).</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>The number of network entries the file fills with the right shape.</summary>
    public int MatchedCount => Matched.Count;

    /// <summary>Whether every network entry is filled by exactly one file entry of the same shape, and nothing else is left over.</summary>
    public bool IsExact => Missing.Count == 0 && Unexpected.Count == 0 && WrongShape.Count == 0;

    internal IReadOnlyList<(ImportedTensor Source, string Target)> Matched { get; }

    /// <summary>Every difference in one text, each kind listing at most 20 names.</summary>
    public string Describe()
    {
        if (IsExact) return $"All {MatchedCount} network entries match.";
        var text = new StringBuilder();
        Append(text, Missing.Count, "missing from the file (in the network, not in the file)", Missing);
        Append(text, Unexpected.Count, "unexpected (in the file, not in the network)", Unexpected);
        Append(text, WrongShape.Count, "with the wrong shape", WrongShape.Select(w => w.ToString()).ToList());
        return text.ToString().TrimEnd();
    }

    private static void Append(StringBuilder text, int count, string what, IReadOnlyList<string> names)
    {
        if (count == 0) return;
        text.Append($"{count} {(count == 1 ? "entry" : "entries")} {what}: ");
        text.Append(string.Join(", ", names.Take(ListedPerKind)));
        if (count > ListedPerKind) text.Append($" and {count - ListedPerKind} more");
        text.AppendLine(".");
    }
}
