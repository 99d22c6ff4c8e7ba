using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Torch;

/// <summary>
/// Tensors whose data is copied into memory torch owns, so that no managed array stays pinned for as
/// long as a tensor lives (<c>torch.tensor(array)</c> in TorchSharp 0.107 pins the array with a GC
/// handle until the tensor's native storage is freed, which keeps the array from moving but fragments
/// the managed heap in long runs).
/// </summary>
/// <remarks>
/// An earlier note blamed "unpinned arrays" for labels and class weights turning into garbage
/// mid-training. TorchSharp's source says otherwise (the array is pinned for the storage's life), and
/// the garbage was the freed-Scalar reads that <c>CellOps.Sdk.Torch.Scalars</c> now prevents.
/// </remarks>
public static class CopiedTensor
{
    /// <summary>A 1-D int64 tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor Int64(ReadOnlySpan<long> values, Device device) => Create(values, ScalarType.Int64, device);

    /// <summary>A 1-D uint8 tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor UInt8(ReadOnlySpan<byte> values, Device device) => Create(values, ScalarType.Byte, device);

    /// <summary>A 1-D float32 tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor Float32(ReadOnlySpan<float> values, Device device) => Create(values, ScalarType.Float32, device);

    private static Tensor Create<T>(ReadOnlySpan<T> values, ScalarType type, Device device) where T : unmanaged
    {
        var tensor = torch.empty(new long[] { values.Length }, type);
        values.CopyTo(MemoryMarshal.Cast<byte, T>(tensor.bytes));
        return MoveTo(tensor, device);
    }

    /// <summary>Moves a tensor filled on the CPU to <paramref name="device"/>, disposing the CPU copy; on the CPU it is returned as it is.</summary>
    internal static Tensor MoveTo(Tensor cpuTensor, Device device)
    {
        if (device.type == DeviceType.CPU) return cpuTensor;
        try
        {
            return cpuTensor.to(device);
        }
        finally
        {
            cpuTensor.Dispose();
        }
    }
}
