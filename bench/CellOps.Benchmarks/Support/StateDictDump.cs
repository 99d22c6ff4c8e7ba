using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// A network's floating-point weights and buffers as one raw little-endian float32 file plus a JSON index
/// (name, shape, offset in floats), so that a peer in another framework loads exactly the weights
/// CellOps predicts with. Integer buffers (batch norms' step counters) do not affect inference and are left out.
/// </summary>
internal static class StateDictDump
{
    /// <summary>Writes <paramref name="network"/>'s state to <paramref name="stem"/>.bin and <paramref name="stem"/>.json, with <paramref name="meta"/> beside the index.</summary>
    public static void Write(nn.Module network, string stem, JsonObject meta)
    {
        var entries = new JsonArray();
        long offset = 0;
        using (var data = File.Create(stem + ".bin"))
        {
            foreach (var (name, tensor) in network.state_dict())
            {
                if (tensor.dtype != ScalarType.Float32) continue;
                using var cpu = tensor.detach().cpu().contiguous();
                var values = cpu.data<float>().ToArray();
                data.Write(MemoryMarshal.AsBytes(values.AsSpan()));
                entries.Add(new JsonObject { ["name"] = name, ["shape"] = new JsonArray(cpu.shape.Select(d => (JsonNode)d).ToArray()), ["offset"] = offset });
                offset += values.Length;
            }
        }
        meta["tensors"] = entries;
        File.WriteAllText(stem + ".json", meta.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
