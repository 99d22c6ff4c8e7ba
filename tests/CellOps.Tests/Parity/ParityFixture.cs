using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using CellOps.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Tests.Parity;

/// <summary>
/// One case of PyTorch reference values, written by tests/parity/generate_fixtures.py: a JSON header
/// line (case, torch version, parameters, and each tensor's name, dtype, shape and byte offset), then
/// the tensors' little-endian values one after another.
/// </summary>
internal sealed class ParityFixture
{
    private readonly Dictionary<string, (string DType, long[] Shape, int Offset)> entries = new();
    private readonly byte[] data;

    private ParityFixture(string name, JsonElement header, byte[] data)
    {
        Name = name;
        TorchVersion = header.GetProperty("torch").GetString()!;
        Params = header.GetProperty("params").Clone();
        foreach (var t in header.GetProperty("tensors").EnumerateArray())
        {
            var shape = t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            entries[t.GetProperty("name").GetString()!] = (t.GetProperty("dtype").GetString()!, shape, t.GetProperty("offset").GetInt32());
        }
        this.data = data;
    }

    /// <summary>The folder of committed fixtures.</summary>
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "CellOps.Tests", "Parity", "Fixtures");

    /// <summary>The case's name (its file name without .bin).</summary>
    public string Name { get; }

    /// <summary>torch.__version__ of the PyTorch that wrote the case.</summary>
    public string TorchVersion { get; }

    /// <summary>The case's parameters (layer arguments, hyperparameters).</summary>
    public JsonElement Params { get; }

    public static ParityFixture Load(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, name + ".bin"));
        int newline = Array.IndexOf(bytes, (byte)'\n');
        if (newline < 0) throw new InvalidDataException($"Parity fixture {name} has no header line.");
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 0, newline));
        return new ParityFixture(name, header.RootElement, bytes[(newline + 1)..]);
    }

    /// <summary>The names of the case's tensors, in file order.</summary>
    public IEnumerable<string> Names => entries.OrderBy(e => e.Value.Offset).Select(e => e.Key);

    public bool Has(string tensor) => entries.ContainsKey(tensor);

    public long[] Shape(string tensor) => Entry(tensor).Shape;

    /// <summary>A float32 tensor of the case, in the current dispose scope.</summary>
    public Tensor Float(string tensor)
    {
        var (dtype, shape, offset) = Entry(tensor);
        if (dtype != "float32") throw new InvalidDataException($"{Name}/{tensor} is {dtype}, not float32.");
        var values = new float[Count(shape)];
        for (int i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(offset + 4 * i, 4));
        return torch.tensor(values, shape);
    }

    /// <summary>An int64 tensor of the case (class targets, counters), in the current dispose scope.</summary>
    public Tensor Long(string tensor)
    {
        var (dtype, shape, offset) = Entry(tensor);
        if (dtype != "int64") throw new InvalidDataException($"{Name}/{tensor} is {dtype}, not int64.");
        var values = new long[Count(shape)];
        for (int i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(offset + 8 * i, 8));
        return torch.tensor(values, shape);
    }

    private (string DType, long[] Shape, int Offset) Entry(string tensor) =>
        entries.TryGetValue(tensor, out var e) ? e : throw new KeyNotFoundException($"Parity fixture {Name} has no tensor {tensor}.");

    private static int Count(long[] shape) => (int)shape.Aggregate(1L, (a, b) => a * b);
}
