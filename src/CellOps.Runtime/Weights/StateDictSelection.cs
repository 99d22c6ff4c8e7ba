namespace CellOps.Runtime.Weights;

/// <summary>
/// Finds the state dict in an unpickled file: the top-level dict itself when it holds tensors, or
/// the one dict of tensors a training checkpoint keeps under a conventional key
/// (<c>{"state_dict": {...}, "epoch": 3}</c>).
/// </summary>
internal static class StateDictSelection
{
    /// <summary>Keys under which training code commonly saves a network's state dict beside other things.</summary>
    public static readonly IReadOnlyList<string> ContainerKeys = new[] { "state_dict", "model_state_dict", "model" };

    public static (IReadOnlyList<(string Name, TensorRef Tensor)> Tensors, string? Container) Select(object? root, string fileName)
    {
        if (root is not PickleDict top)
            throw new InvalidDataException($"it holds a {PickleDescription.Of(root)}, not a dict of tensors (a state dict)");
        if (top.Items.Any(item => item.Value is TensorRef))
            return (Tensors(top, null), null);

        var candidates = ContainerKeys.Where(key => top.Get(key) is PickleDict inner && IsStateDict(inner)).ToList();
        if (candidates.Count == 1)
            return (Tensors((PickleDict)top.Get(candidates[0])!, candidates[0]), candidates[0]);

        var keys = top.Items.Select(item => PickleDescription.Of(item.Key) == "string" ? $"'{item.Key}'" : PickleDescription.Of(item.Key)).ToList();
        string listed = keys.Count == 0 ? "it is empty" : "its top-level keys are " + string.Join(", ", keys.Take(20))
            + (keys.Count > 20 ? $" and {keys.Count - 20} more" : "");
        string why = candidates.Count > 1
            ? $"it holds several state dicts ({string.Join(", ", candidates.Select(c => $"'{c}'"))}), so which one to use is unclear"
            : $"it holds no tensors at its top level and no dict of tensors under {string.Join(", ", ContainerKeys.Select(k => $"'{k}'"))}";
        throw new InvalidDataException($"{why}; {listed}. Save the network's weights alone with torch.save(model.state_dict(), path).");
    }

    private static bool IsStateDict(PickleDict dict) => dict.Items.Count > 0 && dict.Items.All(item => item.Value is TensorRef);

    private static IReadOnlyList<(string, TensorRef)> Tensors(PickleDict dict, string? container)
    {
        var result = new List<(string, TensorRef)>(dict.Items.Count);
        foreach (var (key, value) in dict.Items)
        {
            string where = container is null ? "" : $" (under '{container}')";
            if (key is not string name) throw new InvalidDataException($"a state dict key{where} is a {PickleDescription.Of(key)}, not a name");
            if (value is not TensorRef tensor)
                throw new InvalidDataException($"state dict entry '{name}'{where} is a {PickleDescription.Of(value)}, not a tensor");
            result.Add((name, tensor));
        }
        return result;
    }
}
