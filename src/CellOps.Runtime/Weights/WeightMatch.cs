using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Weights;

/// <summary>
/// Lines up imported weights with a network's state (parameters and buffers, by name) and copies
/// them in when everything fits.
/// </summary>
public static class WeightMatch
{
    /// <summary>Compares <paramref name="source"/>'s entries with <paramref name="target"/>'s state.</summary>
    /// <param name="target">The network.</param>
    /// <param name="source">The imported weights.</param>
    /// <param name="mapKey">
    /// Maps a file name to the network's name (for example to strip a <c>module.</c> prefix); returning
    /// null sets the entry aside deliberately. Null means the names are the same.
    /// </param>
    public static WeightComparison Compare(nn.Module target, ImportedWeights source, Func<string, string?>? mapKey = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        var network = target.state_dict();
        var claimedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        var wrongShape = new List<ShapeMismatch>();
        var ignored = new List<string>();
        var matched = new List<(ImportedTensor, string)>();
        foreach (var entry in source.Tensors)
        {
            string? key = mapKey is null ? entry.Name : mapKey(entry.Name);
            if (key is null)
            {
                ignored.Add(entry.Name);
                continue;
            }
            string shown = key == entry.Name ? entry.Name : $"{entry.Name} → {key}";
            if (!network.TryGetValue(key, out var tensor))
                unexpected.Add(shown);
            else if (claimedBy.TryGetValue(key, out var first))
                unexpected.Add($"{shown} (already filled by {first})");
            else
            {
                claimedBy[key] = entry.Name;
                if (!tensor.shape.SequenceEqual(entry.Shape)) wrongShape.Add(new ShapeMismatch(key, entry.Name, entry.Shape, tensor.shape));
                else matched.Add((entry, key));
            }
        }
        var missing = network.Keys.Where(k => !claimedBy.ContainsKey(k)).ToList();
        return new WeightComparison(missing, unexpected, wrongShape, ignored, matched);
    }

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="target"/>'s parameters and buffers when every
    /// entry fits; otherwise throws one exception listing every difference, and changes nothing.
    /// </summary>
    /// <returns>The comparison, exact.</returns>
    /// <exception cref="WeightMismatchException">Entries missing, unexpected or of the wrong shape.</exception>
    public static WeightComparison Load(nn.Module target, ImportedWeights source, Func<string, string?>? mapKey = null)
    {
        var comparison = Compare(target, source, mapKey);
        if (!comparison.IsExact) throw new WeightMismatchException(source.FileName, comparison);
        var network = target.state_dict();
        using (torch.no_grad())
        {
            foreach (var (entry, key) in comparison.Matched) network[key].copy_(entry.Tensor);
        }
        return comparison;
    }
}
