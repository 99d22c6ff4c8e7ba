using static TorchSharp.torch;

namespace CellOps.Runtime.Weights;

/// <summary>One named tensor read from a weight file: float32 (from any floating type) or int64, on the CPU.</summary>
public sealed class ImportedTensor
{
    internal ImportedTensor(string name, Tensor tensor, ScalarType sourceType)
    {
        Name = name;
        Tensor = tensor;
        SourceType = sourceType;
    }

    /// <summary>The name as the file spells it (for example <c>module.layer1.0.conv1.weight</c>).</summary>
    public string Name { get; }

    /// <summary>The values: float32 for floating tensors, int64 for integer buffers. Owned by the <see cref="ImportedWeights"/>.</summary>
    public Tensor Tensor { get; }

    /// <summary>The type the file stored (Float16, BFloat16, Float32, Float64 or Int64).</summary>
    public ScalarType SourceType { get; }

    /// <summary>The tensor's shape.</summary>
    public long[] Shape => Tensor.shape;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {WeightDTypes.Describe(SourceType)} [{string.Join(", ", Shape)}]";
}
