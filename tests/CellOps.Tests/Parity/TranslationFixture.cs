using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using CellOps.Imaging.Formats;
using CellOps.Tests.TestSupport;

namespace CellOps.Tests.Parity;

/// <summary>
/// One case of scikit-image reference scores for image-to-image translation, written by
/// tests/parity/generate_translation_metrics.py: a JSON header line (case, library versions, the
/// binarization thresholds, the expected scores, and each array's name, dtype, shape and byte offset),
/// then the truth and prediction images' little-endian values.
/// </summary>
internal sealed class TranslationFixture
{
    private readonly JsonElement _expected;

    private TranslationFixture(string name, JsonElement header, byte[] data)
    {
        Name = name;
        SkimageVersion = header.GetProperty("skimage").GetString()!;
        var parameters = header.GetProperty("params");
        TruthThreshold = parameters.GetProperty("truth_threshold").GetDouble();
        PredictionThreshold = parameters.GetProperty("prediction_threshold").GetDouble();
        _expected = header.GetProperty("expected").Clone();
        foreach (var a in header.GetProperty("arrays").EnumerateArray())
        {
            var shape = a.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            var source = Read(data, a.GetProperty("dtype").GetString()!, shape, a.GetProperty("offset").GetInt32(), out var values);
            if (a.GetProperty("name").GetString() == "truth") (Truth, TruthValues) = (source, values);
            else (Prediction, PredictionValues) = (source, values);
        }
        if (Truth is null || Prediction is null) throw new InvalidDataException($"Translation fixture {name} lacks the truth or the prediction.");
    }

    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "CellOps.Tests", "Parity", "Fixtures", "Translation");

    public static IEnumerable<object[]> Cases =>
        Directory.GetFiles(Folder, "*.bin").Select(f => new object[] { Path.GetFileNameWithoutExtension(f) }).OrderBy(c => (string)c[0]);

    public string Name { get; }

    public string SkimageVersion { get; }

    public double TruthThreshold { get; }

    public double PredictionThreshold { get; }

    /// <summary>The truth as it was written (float32 or uint16), one channel.</summary>
    public ArrayPixelSource Truth { get; } = null!;

    /// <summary>The prediction as it was written, one channel.</summary>
    public ArrayPixelSource Prediction { get; } = null!;

    /// <summary>The truth's values, row-major.</summary>
    public float[] TruthValues { get; } = null!;

    /// <summary>The prediction's values, row-major.</summary>
    public float[] PredictionValues { get; } = null!;

    public double Expected(string score) => _expected.GetProperty(score).GetDouble();

    public long ExpectedCount(string score) => _expected.GetProperty(score).GetInt64();

    public static TranslationFixture Load(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, name + ".bin"));
        int newline = Array.IndexOf(bytes, (byte)'\n');
        if (newline < 0) throw new InvalidDataException($"Translation fixture {name} has no header line.");
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 0, newline));
        return new TranslationFixture(name, header.RootElement, bytes[(newline + 1)..]);
    }

    private static ArrayPixelSource Read(byte[] data, string dtype, int[] shape, int offset, out float[] values)
    {
        if (shape.Length != 2) throw new InvalidDataException($"A translation fixture image has shape [{string.Join(", ", shape)}]; [height, width] was expected.");
        int height = shape[0], width = shape[1], n = height * width;
        values = new float[n];
        switch (dtype)
        {
            case "float32":
                for (int i = 0; i < n; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(offset + 4 * i, 4));
                return new ArrayPixelSource(values, width, height);
            case "uint16":
                var words = new ushort[n];
                for (int i = 0; i < n; i++)
                {
                    words[i] = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(offset + 2 * i, 2));
                    values[i] = words[i];
                }
                return new ArrayPixelSource(words, width, height);
            default:
                throw new InvalidDataException($"Unsupported fixture dtype {dtype}.");
        }
    }
}
