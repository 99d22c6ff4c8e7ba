using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Torch;

/// <summary>
/// Tensors whose data is copied into memory torch owns. <c>torch.tensor(array)</c> may wrap the managed
/// array itself; a garbage collection that moves the array then leaves the tensor reading stale memory,
/// which showed up as labels and class weights turning into garbage (and losses into NaN) mid-training.
/// </summary>
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
