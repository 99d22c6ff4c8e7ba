using static TorchSharp.torch;

namespace CellOps.Runtime.Weights;

/// <summary>The element types a weight file may hold, and how they are named in PyTorch pickles and safetensors headers.</summary>
internal static class WeightDTypes
{
    /// <summary>PyTorch's legacy typed storage classes (<c>torch.FloatStorage</c>...), which <c>torch.save</c> names in every file.</summary>
    public static readonly IReadOnlyDictionary<string, ScalarType> TorchStorages = new Dictionary<string, ScalarType>(StringComparer.Ordinal)
    {
        ["FloatStorage"] = ScalarType.Float32,
        ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16,
        ["DoubleStorage"] = ScalarType.Float64,
        ["LongStorage"] = ScalarType.Int64,
        ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16,
        ["CharStorage"] = ScalarType.Int8,
        ["ByteStorage"] = ScalarType.Byte,
        ["BoolStorage"] = ScalarType.Bool,
    };

    /// <summary>Safetensors' dtype names; the ones CellOps reads and the others it names when refusing.</summary>
    public static readonly IReadOnlyDictionary<string, ScalarType> Safetensors = new Dictionary<string, ScalarType>(StringComparer.Ordinal)
    {
        ["F32"] = ScalarType.Float32,
        ["F16"] = ScalarType.Float16,
        ["BF16"] = ScalarType.BFloat16,
        ["F64"] = ScalarType.Float64,
        ["I64"] = ScalarType.Int64,
        ["I32"] = ScalarType.Int32,
        ["I16"] = ScalarType.Int16,
        ["I8"] = ScalarType.Int8,
        ["U8"] = ScalarType.Byte,
        ["BOOL"] = ScalarType.Bool,
    };

    /// <summary>Whether CellOps turns this type into a float32 or int64 tensor.</summary>
    public static bool IsReadable(ScalarType type) => type is ScalarType.Float32 or ScalarType.Float16
        or ScalarType.BFloat16 or ScalarType.Float64 or ScalarType.Int64;

    /// <summary>The type of the imported tensor: int64 stays int64, every floating type becomes float32.</summary>
    public static ScalarType ImportedType(ScalarType source) => source == ScalarType.Int64 ? ScalarType.Int64 : ScalarType.Float32;

    public static int ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };

    /// <summary>PyTorch's name of the type (float16, bfloat16, int64...).</summary>
    public static string Describe(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float64 => "float64",
        ScalarType.Int64 => "int64",
        ScalarType.Int32 => "int32",
        ScalarType.Int16 => "int16",
        ScalarType.Int8 => "int8",
        ScalarType.Byte => "uint8",
        ScalarType.Bool => "bool",
        _ => type.ToString(),
    };

    /// <summary>The refusal of a tensor whose type CellOps does not read.</summary>
    public static string Unsupported(string tensor, ScalarType type) =>
        $"tensor '{tensor}' is {Describe(type)}; CellOps reads float32, float16, bfloat16, float64 and int64 tensors only";
}
