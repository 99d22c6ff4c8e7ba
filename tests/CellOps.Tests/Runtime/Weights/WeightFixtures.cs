using System.Text.Json;
using CellOps.Tests.Parity;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime.Weights;

/// <summary>The committed weight files of tests/parity/generate_weight_fixtures.py and their expected.json.</summary>
internal static class WeightFixtures
{
    private static readonly Lazy<JsonDocument> LazyExpected = new(() =>
        JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Folder, "expected.json"))));

    public static string Folder => Path.Combine(ParityFixture.Folder, "weights");

    public static string ResNetFolder => Path.Combine(ParityFixture.Folder, "resnet18");

    public static string File(string name) => Path.Combine(Folder, name);

    public static JsonElement Expected => LazyExpected.Value.RootElement;

    /// <summary>The expected tensors of one fixture file, in file order.</summary>
    public static IEnumerable<JsonElement> TensorsOf(string file) => Expected.GetProperty("files").GetProperty(file).EnumerateArray();

    public static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    public static long[] Longs(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt64()).ToArray();

    /// <summary>The input the tiny network's expected outputs were computed from.</summary>
    public static Tensor ForwardInput()
    {
        var forward = Expected.GetProperty("forward");
        return torch.tensor(Floats(forward.GetProperty("input")), Longs(forward.GetProperty("input_shape")));
    }
}
