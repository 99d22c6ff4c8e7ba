using static TorchSharp.torch;

namespace CellOps.Runtime.Weights;

// The only objects the restricted unpickler ever makes besides strings, numbers, tuples and lists:
// plain records that describe tensors. Nothing here runs code from the file.

/// <summary>A dict or <c>collections.OrderedDict</c>, in insertion order.</summary>
internal sealed class PickleDict
{
    private readonly Dictionary<object, int> index = new();

    public List<KeyValuePair<object?, object?>> Items { get; } = new();

    public void Set(object? key, object? value)
    {
        // Tuples and other keys (rare, and never in a state dict) are kept without lookup.
        if (key is not (string or long or bool or double)) Items.Add(new(key, value));
        else if (index.TryGetValue(key, out int at)) Items[at] = new(key, value);
        else
        {
            index[key] = Items.Count;
            Items.Add(new(key, value));
        }
    }

    public object? Get(string key) => index.TryGetValue(key, out int at) ? Items[at].Value : null;
}

/// <summary>An allowed global, as it sits on the pickle stack until something calls it.</summary>
internal sealed record PickleGlobal(string Module, string Name, PickleGlobalKind Kind, ScalarType StorageType = ScalarType.Float32)
{
    public override string ToString() => $"{Module}.{Name}";
}

internal enum PickleGlobalKind
{
    OrderedDict,
    RebuildTensor,
    RebuildParameter,
    Storage,
}

/// <summary>A storage of a PyTorch zip file: the entry <c>data/Key</c> holding <see cref="Numel"/> elements.</summary>
internal sealed record StorageRef(string Key, ScalarType Type, string ClassName, long Numel);

/// <summary>A tensor as <c>torch._utils._rebuild_tensor_v2</c> describes it: a strided view of a storage.</summary>
internal sealed record TensorRef(StorageRef Storage, long Offset, long[] Size, long[] Stride);

internal static class PickleDescription
{
    public static string Of(object? value) => value switch
    {
        null => "None",
        string => "string",
        long => "integer",
        double => "float",
        bool => "bool",
        object?[] => "tuple",
        List<object?> => "list",
        PickleDict => "dict",
        TensorRef => "tensor",
        StorageRef => "storage",
        PickleGlobal g => g.ToString(),
        _ => value.GetType().Name,
    };
}
