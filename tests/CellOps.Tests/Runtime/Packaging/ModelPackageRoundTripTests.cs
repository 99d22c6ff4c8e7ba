using System.IO.Compression;
using System.Text.Json;
using CellOps.Runtime.Packaging;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Packaging;

public class ModelPackageRoundTripTests
{
    [Fact]
    public void A_written_package_opens_with_the_same_manifest_and_entries()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);

        using var package = ModelPackage.Open(path, PackageSamples.Host);
        var m = package.Manifest;
        Assert.Equal(Path.GetFullPath(path), package.Path);
        Assert.Equal(("Cardiomyocyte", "0.1.0", "TileClassifier"), (m.PluginId, m.PluginVersion, m.ModelName));
        Assert.Equal((ModelTask.TileClassification, TileTarget.Label, NormalizationKind.Fixed), (m.Task, m.Target, m.Normalization));
        Assert.Equal((64, 1, 42L, 1234), (m.TileSize, m.Channels, m.Seed, m.TrainingTileCount));
        Assert.Equal(["healthy", "diseased"], m.ClassNames);
        Assert.Equal(0.001, m.HyperParameters["LearningRate"]);
        Assert.Equal(0.97, m.Metrics["rocAuc"]);
        Assert.Equal(2, m.EpochMetrics.Count);
        Assert.Equal(0.3, m.EpochMetrics[1]["loss"]);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero), m.CreatedUtc);
        Assert.Equal(new string('a', 64), m.TrainingFingerprint);
        foreach (var (name, bytes) in PackageSamples.Entries())
        {
            Assert.Equal(bytes, package.ReadEntry(name));
            Assert.Equal(PackageSamples.Sha256(bytes), m.Entries[name]);
        }
        Assert.Equal(3, m.Entries.Count);
    }

    [Fact]
    public void The_manifest_gives_the_input_spec_the_model_was_trained_with()
    {
        using var temp = new TempFolder();
        using var package = ModelPackage.Open(PackageSamples.Write(temp.Path), PackageSamples.Host);
        var expected = new InputSpec(64, 1, new Normalization(NormalizationKind.Fixed, [0.25f], [0.5f]));
        Assert.Equal(expected, package.Manifest.ToInputSpec());
    }

    [Fact]
    public void The_writer_computes_entry_hashes_itself_and_ignores_the_callers()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "model.cellmodel");
        var manifest = new ModelManifest
        {
            PluginId = "P", PluginVersion = "1.0.0", ModelName = "M", Task = ModelTask.TileClassification, TileSize = 32,
            Channels = 3, Normalization = NormalizationKind.UnitRange, Target = TileTarget.Label, SdkVersion = "0.1.0",
            Entries = new Dictionary<string, string> { ["weights/network.bin"] = new string('0', 64), ["ghost.bin"] = new string('1', 64) },
        };
        ModelPackageWriter.Write(path, manifest, new Dictionary<string, byte[]> { ["weights/network.bin"] = [1, 2, 3] });

        using var package = ModelPackage.Open(path, PackageSamples.Host);
        Assert.Equal(["weights/network.bin"], package.Manifest.Entries.Keys);
        Assert.Equal(PackageSamples.Sha256([1, 2, 3]), package.Manifest.Entries["weights/network.bin"]);
    }

    [Fact]
    public void The_manifest_is_indented_camel_case_json_with_enums_as_names()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        using var zip = ZipFile.OpenRead(path);
        string text;
        using (var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open())) text = reader.ReadToEnd();

        Assert.Contains("\n  \"pluginId\": \"Cardiomyocyte\"", text.ReplaceLineEndings("\n"));
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        Assert.Equal("TileClassification", root.GetProperty("task").GetString());
        Assert.Equal("Fixed", root.GetProperty("normalization").GetString());
        Assert.Equal("Label", root.GetProperty("target").GetString());
        Assert.Equal("0.1.0", root.GetProperty("sdkVersion").GetString());
        Assert.Equal(PackageSamples.Sha256(PackageSamples.Entries()["plots/roc.png"]), root.GetProperty("entries").GetProperty("plots/roc.png").GetString());
    }

    [Fact]
    public void Entries_follow_the_manifest_in_ordinal_order_and_equal_inputs_give_equal_files()
    {
        using var temp = new TempFolder();
        var first = PackageSamples.Write(temp.Path, name: "a.cellmodel");
        var second = PackageSamples.Write(temp.Path, name: "b.cellmodel");

        using (var zip = ZipFile.OpenRead(first))
            Assert.Equal(["manifest.json", "metrics/epochs.csv", "plots/roc.png", "weights/network.bin"], zip.Entries.Select(e => e.FullName));
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void Non_finite_metrics_of_a_diverged_run_survive_the_round_trip()
    {
        using var temp = new TempFolder();
        var source = PackageSamples.Manifest();
        var manifest = new ModelManifest
        {
            PluginId = source.PluginId, PluginVersion = source.PluginVersion, ModelName = source.ModelName, Task = source.Task,
            TileSize = source.TileSize, Channels = source.Channels, Normalization = NormalizationKind.None, Target = source.Target,
            SdkVersion = source.SdkVersion, Metrics = new Dictionary<string, double> { ["loss"] = double.NaN },
        };
        using var package = ModelPackage.Open(PackageSamples.Write(temp.Path, manifest), PackageSamples.Host);
        Assert.True(double.IsNaN(package.Manifest.Metrics["loss"]));
    }

    [Fact]
    public void Reading_an_entry_the_manifest_does_not_list_names_the_ones_it_does()
    {
        using var temp = new TempFolder();
        using var package = ModelPackage.Open(PackageSamples.Write(temp.Path), PackageSamples.Host);
        var e = Assert.Throws<ModelPackageException>(() => package.ReadEntry("weights/other.bin"));
        Assert.Equal(ModelPackageFailure.MissingEntry, e.Failure);
        Assert.Contains("weights/other.bin", e.Message);
        Assert.Contains("weights/network.bin", e.Message);
    }

    [Fact]
    public void Extraction_writes_the_manifest_and_every_entry_under_the_folder()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        var target = Path.Combine(temp.Path, "out", "model");
        using (var package = ModelPackage.Open(path, PackageSamples.Host)) package.ExtractTo(target);

        foreach (var (name, bytes) in PackageSamples.Entries())
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(target, name)));
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(target, "manifest.json")));
        Assert.Equal("TileClassifier", json.RootElement.GetProperty("modelName").GetString());
        Assert.Equal(4, Directory.GetFiles(target, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void A_disposed_package_cannot_be_read()
    {
        using var temp = new TempFolder();
        var package = ModelPackage.Open(PackageSamples.Write(temp.Path), PackageSamples.Host);
        package.Dispose();
        Assert.Throws<ObjectDisposedException>(() => package.ReadEntry("weights/network.bin"));
    }
}
