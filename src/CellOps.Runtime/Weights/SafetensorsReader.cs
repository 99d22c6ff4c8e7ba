using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Weights;

/// <summary>
/// Reads a safetensors file: an 8-byte little-endian header length, a JSON header
/// <c>{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}</c>, then the data.
/// The header is bounded and every entry checked (offsets inside the data, length = elements ×
/// element size, no two tensors overlapping) before any tensor is allocated.
/// </summary>
internal static class SafetensorsReader
{
    private const long MaxHeaderBytes = 100L << 20;

    private sealed record Entry(string Name, ScalarType Type, long[] Shape, long Numel, long Begin, long End);

    public static (IReadOnlyList<ImportedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(Stream file)
    {
        Span<byte> prefix = stackalloc byte[8];
        file.Position = 0;
        file.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)MaxHeaderBytes || headerLength > (ulong)(file.Length - 8))
            throw new InvalidDataException(
                $"its header claims {headerLength} bytes, more than the file holds ({file.Length} bytes) or than a header needs ({MaxHeaderBytes} at most)");
        var header = new byte[headerLength];
        file.ReadExactly(header);
        long dataStart = 8 + (long)headerLength, dataLength = file.Length - dataStart;

        var (entries, metadata) = ParseHeader(header, dataLength);
        var results = new List<ImportedTensor>(entries.Count);
        try
        {
            foreach (var e in entries)
            {
                using var scope = torch.NewDisposeScope();
                file.Position = dataStart + e.Begin;
                var flat = TensorStreaming.Read(file, e.Type, e.Numel);
                var tensor = flat.to_type(WeightDTypes.ImportedType(e.Type), copy: true).reshape(e.Shape);
                results.Add(new ImportedTensor(e.Name, tensor.DetachFromDisposeScope(), e.Type));
            }
        }
        catch
        {
            foreach (var r in results) r.Tensor.Dispose();
            throw;
        }
        return (results, metadata);
    }

    private static (List<Entry>, Dictionary<string, string>) ParseHeader(byte[] header, long dataLength)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(header); }
        catch (JsonException e) { throw new InvalidDataException($"its header is not valid JSON ({e.Message})", e); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException("its header is not a JSON object");
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name)) throw new InvalidDataException($"its header names '{property.Name}' twice");
                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind != JsonValueKind.Object) throw new InvalidDataException("its __metadata__ is not an object");
                    foreach (var m in property.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
                    continue;
                }
                entries.Add(ParseEntry(property.Name, property.Value, dataLength));
            }
            CheckNoOverlap(entries);
            return (entries, metadata);
        }
    }

    private static Entry ParseEntry(string name, JsonElement value, long dataLength)
    {
        try
        {
            string dtype = value.GetProperty("dtype").GetString() ?? "";
            if (!WeightDTypes.Safetensors.TryGetValue(dtype, out var type))
                throw new InvalidDataException($"tensor '{name}' has the unknown dtype '{dtype}'");
            if (!WeightDTypes.IsReadable(type)) throw new InvalidDataException(WeightDTypes.Unsupported(name, type));
            var shape = value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (shape.Length > 64 || shape.Any(d => d < 0)) throw new InvalidDataException($"tensor '{name}' has the shape [{string.Join(", ", shape)}]");
            if (offsets.Length != 2) throw new InvalidDataException($"tensor '{name}' has {offsets.Length} data offsets, not 2");
            long numel = shape.Aggregate(1L, (a, d) => checked(a * d));
            long bytes = checked(numel * WeightDTypes.ElementSize(type));
            long begin = offsets[0], end = offsets[1];
            if (begin < 0 || end < begin || end > dataLength)
                throw new InvalidDataException($"tensor '{name}' lies at bytes {begin}–{end} of a data section of {dataLength} bytes");
            if (end - begin != bytes)
                throw new InvalidDataException($"tensor '{name}' of shape [{string.Join(", ", shape)}] ({dtype}) needs {bytes} bytes but its offsets span {end - begin}");
            return new Entry(name, type, shape, numel, begin, end);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"tensor '{name}' lacks a dtype, shape or data_offsets, or they are not strings and integers", e);
        }
        catch (OverflowException e)
        {
            throw new InvalidDataException($"tensor '{name}' has a shape too large to address", e);
        }
    }

    private static void CheckNoOverlap(List<Entry> entries)
    {
        Entry? previous = null;
        foreach (var e in entries.Where(e => e.End > e.Begin).OrderBy(e => e.Begin))
        {
            if (previous is not null && e.Begin < previous.End)
                throw new InvalidDataException($"tensors '{previous.Name}' and '{e.Name}' overlap (bytes {e.Begin}–{previous.End})");
            previous = e;
        }
    }
}
