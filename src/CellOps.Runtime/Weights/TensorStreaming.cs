using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Weights;

/// <summary>Fills a new 1-D tensor from a stream in chunks, so that no managed copy of the data is made.</summary>
internal static class TensorStreaming
{
    private const long ChunkBytes = 16 << 20;

    /// <summary>A 1-D CPU tensor of <paramref name="numel"/> elements of <paramref name="type"/>, read little-endian from <paramref name="source"/>.</summary>
    /// <exception cref="EndOfStreamException">The stream ends before the tensor is full.</exception>
    public static Tensor Read(Stream source, ScalarType type, long numel)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Weight files are little-endian; this machine is not.");
        var tensor = torch.empty(new[] { numel }, type);
        try
        {
            long perChunk = Math.Max(1, ChunkBytes / WeightDTypes.ElementSize(type));
            for (long start = 0; start < numel; start += perChunk)
            {
                using var part = tensor.narrow(0, start, Math.Min(perChunk, numel - start));
                source.ReadExactly(part.bytes);
            }
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }
}
