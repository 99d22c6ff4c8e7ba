using System.Buffers.Binary;
using CellOps.Runtime.Packaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Packaging;

/// <summary>A package's numbers are checked against <see cref="PackageLimits"/> before anything they size is built or read.</summary>
public class ModelPackageLimitTests
{
    [Theory]
    [InlineData("tileSize", 20000, "tileSize 20000")]
    [InlineData("tileSize", 100000, "tileSize 100000")]
    [InlineData("channels", 5000, "channels 5000")]
    public void A_manifest_number_beyond_its_limit_is_refused_naming_the_field_and_value(string field, int value, string named)
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        PackageSamples.EditManifest(path, json => json[field] = value);

        var e = PackageSamples.OpenFails(path);
        Assert.Equal(ModelPackageFailure.NotAPackage, e.Failure);
        Assert.Contains(named, e.Message);
        Assert.Contains("model.cellmodel", e.Message);
    }

    [Fact]
    public void A_manifest_listing_more_classes_than_the_limit_is_refused()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        PackageSamples.EditManifest(path, json =>
            json["classNames"] = new System.Text.Json.Nodes.JsonArray(Enumerable.Range(0, PackageLimits.MaxClasses + 1).Select(i => (System.Text.Json.Nodes.JsonNode?)$"c{i}").ToArray()));

        var e = PackageSamples.OpenFails(path);
        Assert.Contains($"{PackageLimits.MaxClasses + 1} classNames", e.Message);
    }

    [Fact]
    public void An_entry_whose_directory_claims_3_GB_is_refused_as_too_large_before_it_is_read()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        ClaimLength(path, "weights/network.bin", 0xC000_0000);

        var e = PackageSamples.OpenFails(path);
        Assert.Equal(ModelPackageFailure.TooLarge, e.Failure);
        Assert.Contains("weights/network.bin", e.Message);
        Assert.Contains("3,221,225,472 bytes", e.Message);
        Assert.Contains("1,024 MiB", e.Message);
    }

    [Fact]
    public void An_entry_claiming_more_than_deflate_can_expand_is_refused_as_damaged()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        // Within the size limit, but 64 KB of random bytes cannot hold 1 GB.
        ClaimLength(path, "weights/network.bin", 0x3FFF_0000);

        var e = PackageSamples.OpenFails(path);
        Assert.Equal(ModelPackageFailure.Tampered, e.Failure);
        Assert.Contains("no zip compression gives", e.Message);
    }

    /// <summary>Rewrites the uncompressed size the central directory records for <paramref name="name"/>, leaving the data as it was.</summary>
    private static void ClaimLength(string path, string name, uint length)
    {
        var bytes = File.ReadAllBytes(path);
        var wanted = System.Text.Encoding.UTF8.GetBytes(name);
        bool found = false;
        for (int i = 0; i + 46 < bytes.Length; i++)
        {
            // A central directory header: PK 01 02, the name's length at +28, the name at +46.
            if (bytes[i] != 'P' || bytes[i + 1] != 'K' || bytes[i + 2] != 1 || bytes[i + 3] != 2) continue;
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + 28));
            if (!bytes.AsSpan(i + 46, nameLength).SequenceEqual(wanted)) continue;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), length);
            found = true;
        }
        Assert.True(found, $"no central directory entry for {name}");
        File.WriteAllBytes(path, bytes);
    }
}
