using System.Text.Json.Nodes;
using CellOps.Runtime.Packaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Packaging;

public class ModelPackageTamperTests
{
    [Fact]
    public void One_changed_byte_in_the_weights_is_refused_as_tampered()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        PackageSamples.ReplaceEntry(path, "weights/network.bin", bytes => { bytes[1000] ^= 0x01; return bytes; });

        var e = PackageSamples.OpenFails(path);
        Assert.Equal(ModelPackageFailure.Tampered, e.Failure);
        Assert.Equal(Path.GetFullPath(path), e.Path);
        Assert.Equal("model.cellmodel has been modified: weights/network.bin does not match its SHA-256 in the manifest.", e.Message);
    }

    [Fact]
    public void A_manifest_edited_to_another_hash_is_refused_as_tampered()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        PackageSamples.EditManifest(path, json => json["entries"]!["plots/roc.png"] = PackageSamples.Sha256([1, 2, 3]));

        var e = PackageSamples.OpenFails(path);
        Assert.Equal(ModelPackageFailure.Tampered, e.Failure);
        Assert.Contains("plots/roc.png", e.Message);
    }

    [Fact]
    public void An_entry_the_manifest_does_not_list_is_refused_as_tampered()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        PackageSamples.AddEntry(path, "weights/extra.bin", [9, 9, 9]);

        var e = PackageSamples.OpenFails(path);
        Assert.Equal(ModelPackageFailure.Tampered, e.Failure);
        Assert.Contains("weights/extra.bin", e.Message);
        Assert.Contains("does not list", e.Message);
    }

    [Fact]
    public void A_listed_entry_that_is_gone_is_refused_as_missing()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        PackageSamples.EditManifest(path, json => json["entries"]!["weights/head.bin"] = PackageSamples.Sha256([1]));

        var e = PackageSamples.OpenFails(path);
        Assert.Equal(ModelPackageFailure.MissingEntry, e.Failure);
        Assert.Contains("weights/head.bin", e.Message);
    }

    [Fact]
    public void A_zip_without_a_manifest_is_not_a_package()
    {
        using var temp = new TempFolder();
        var path = temp.File("model.cellmodel");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
            zip.CreateEntry("weights/network.bin");

        var e = PackageSamples.OpenFails(path);
        Assert.Equal(ModelPackageFailure.NotAPackage, e.Failure);
        Assert.Contains("manifest.json", e.Message);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"pluginId\": \"P\"}")]
    [InlineData("null")]
    public void An_unreadable_or_incomplete_manifest_is_not_a_package(string manifest)
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        PackageSamples.ReplaceEntry(path, "manifest.json", _ => System.Text.Encoding.UTF8.GetBytes(manifest));

        Assert.Equal(ModelPackageFailure.NotAPackage, PackageSamples.OpenFails(path).Failure);
    }

    [Fact]
    public void A_manifest_with_nulls_where_lists_belong_is_not_a_package()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        PackageSamples.EditManifest(path, json => json["classNames"] = null);

        var e = PackageSamples.OpenFails(path);
        Assert.Equal(ModelPackageFailure.NotAPackage, e.Failure);
        Assert.Contains("null", e.Message);
    }

    [Fact]
    public void Duplicate_entry_names_in_the_zip_are_refused()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        PackageSamples.AddEntry(path, "weights/network.bin", [1, 2, 3]);

        Assert.Equal(ModelPackageFailure.UnsafeEntry, PackageSamples.OpenFails(path).Failure);
    }

    [Fact]
    public void Verification_is_not_fooled_by_an_edit_in_the_manifest_alone()
    {
        // The manifest carries no hash of itself; editing a metric must still leave a valid package.
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        PackageSamples.EditManifest(path, json => json["metrics"]!["accuracy"] = JsonValue.Create(0.5));

        using var package = ModelPackage.Open(path, PackageSamples.Host);
        Assert.Equal(0.5, package.Manifest.Metrics["accuracy"]);
    }
}
