using System.IO.Compression;
using System.Text.Json.Nodes;
using CellOps.Runtime.Packaging;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Runtime.Packaging;

/// <summary>A small valid package and ways to damage one, shared by the packaging tests.</summary>
internal static class PackageSamples
{
    public static readonly Version Host = new(0, 1, 0);

    public static ModelManifest Manifest(string sdkVersion = "0.1.0", int formatVersion = ModelManifest.CurrentFormatVersion, TileTarget target = TileTarget.Label,
        int[]? grids = null) => new()
    {
        FormatVersion = formatVersion,
        PluginId = "Cardiomyocyte",
        PluginVersion = "0.1.0",
        ModelName = "TileClassifier",
        Task = ModelTask.TileClassification,
        TileSize = 64,
        Channels = 1,
        Normalization = NormalizationKind.Fixed,
        NormalizationMean = [0.25f],
        NormalizationStd = [0.5f],
        Target = target,
        OutputGrids = grids,
        ClassNames = ["healthy", "diseased"],
        HyperParameters = new Dictionary<string, double> { ["Depth"] = 4, ["LearningRate"] = 0.001 },
        Seed = 42,
        TrainingFingerprint = new string('a', 64),
        TrainingTileCount = 1234,
        Metrics = new Dictionary<string, double> { ["accuracy"] = 0.95, ["rocAuc"] = 0.97 },
        EpochMetrics =
        [
            new Dictionary<string, double> { ["loss"] = 0.7, ["accuracy"] = 0.6 },
            new Dictionary<string, double> { ["loss"] = 0.3, ["accuracy"] = 0.95 },
        ],
        SdkVersion = sdkVersion,
        CreatedUtc = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero),
    };

    /// <summary>Weights large enough that cutting the file in half cuts through entry data.</summary>
    public static Dictionary<string, byte[]> Entries()
    {
        var weights = new byte[64 * 1024];
        new Random(7).NextBytes(weights);
        return new Dictionary<string, byte[]>
        {
            ["weights/network.bin"] = weights,
            ["metrics/epochs.csv"] = "epoch,loss\n1,0.7\n2,0.3\n"u8.ToArray(),
            ["plots/roc.png"] = [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3],
        };
    }

    public static string Write(string folder, ModelManifest? manifest = null, string name = "model.cellmodel")
    {
        var path = Path.Combine(folder, name);
        ModelPackageWriter.Write(path, manifest ?? Manifest(), Entries());
        return path;
    }

    public static ModelPackageException OpenFails(string path) =>
        Assert.Throws<ModelPackageException>(() => ModelPackage.Open(path, Host).Dispose());

    /// <summary>Replaces one entry's bytes, keeping the zip itself well-formed (so only the SHA-256 can tell).</summary>
    public static void ReplaceEntry(string path, string name, Func<byte[], byte[]> change)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"No entry {name}.");
        byte[] bytes;
        using (var stream = entry.Open())
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        entry.Delete();
        AddEntry(zip, name, change(bytes));
    }

    public static void AddEntry(string path, string name, byte[] bytes)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        AddEntry(zip, name, bytes);
    }

    public static void EditManifest(string path, Action<JsonObject> edit) =>
        ReplaceEntry(path, PackageEntryNames.Manifest, bytes =>
        {
            var json = JsonNode.Parse(bytes)!.AsObject();
            edit(json);
            return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
        });

    public static string Sha256(byte[] bytes) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant();

    private static void AddEntry(ZipArchive zip, string name, byte[] bytes)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(bytes);
    }
}
