using System.IO.Compression;
using CellOps.Runtime.Packaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Packaging;

public class ModelPackageEntryNameTests
{
    public static TheoryData<string> UnsafeNames => new()
    {
        "../evil.bin", "/abs", "a/../../x", "a\\..\\b", "C:/windows/x", "C:x", "", "a//b", "./a", "a/", "weights/..", "dir./x", "a\u0000b",
    };

    [Theory]
    [MemberData(nameof(UnsafeNames))]
    public void The_writer_refuses_unsafe_entry_names_and_writes_nothing(string name)
    {
        using var temp = new TempFolder();
        var path = temp.File("model.cellmodel");
        var entries = PackageSamples.Entries();
        entries[name] = [1, 2, 3];

        Assert.Throws<ArgumentException>(() => ModelPackageWriter.Write(path, PackageSamples.Manifest(), entries));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Theory]
    [InlineData("manifest.json")]
    [InlineData("Manifest.JSON")]
    public void The_writer_refuses_an_entry_named_like_the_manifest(string name)
    {
        using var temp = new TempFolder();
        var entries = new Dictionary<string, byte[]> { [name] = [1] };
        Assert.Throws<ArgumentException>(() => ModelPackageWriter.Write(temp.File("m.cellmodel"), PackageSamples.Manifest(), entries));
    }

    [Fact]
    public void The_writer_refuses_names_that_collide_when_extracted()
    {
        using var temp = new TempFolder();
        var byCase = new Dictionary<string, byte[]> { ["weights/A.bin"] = [1], ["weights/a.bin"] = [2] };
        var fileAndFolder = new Dictionary<string, byte[]> { ["weights"] = [1], ["weights/a.bin"] = [2] };

        Assert.Throws<ArgumentException>(() => ModelPackageWriter.Write(temp.File("m.cellmodel"), PackageSamples.Manifest(), byCase));
        Assert.Throws<ArgumentException>(() => ModelPackageWriter.Write(temp.File("m.cellmodel"), PackageSamples.Manifest(), fileAndFolder));
    }

    [Theory]
    [InlineData("../evil.bin")]
    [InlineData("/abs")]
    [InlineData("a/../../x")]
    [InlineData("..\\evil.bin")]
    [InlineData("C:/evil.bin")]
    public void A_package_with_an_escaping_entry_is_refused_and_nothing_is_extracted(string name)
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        byte[] evil = [6, 6, 6];
        // Listed with its true hash, so only the name itself can give it away.
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        using (var stream = zip.CreateEntry(name).Open())
            stream.Write(evil);
        PackageSamples.EditManifest(path, json => json["entries"]![name] = PackageSamples.Sha256(evil));

        var e = PackageSamples.OpenFails(path);
        Assert.Equal(ModelPackageFailure.UnsafeEntry, e.Failure);
        Assert.Contains(name, e.Message);
        Assert.Equal(["model.cellmodel"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Theory]
    [MemberData(nameof(UnsafeNames))]
    public void Extraction_paths_refuse_names_that_escape_the_folder(string name)
    {
        using var temp = new TempFolder();
        Assert.Throws<ArgumentException>(() => PackageEntryNames.ResolveUnder(Path.Combine(temp.Path, "out"), name));
    }

    [Fact]
    public void Extraction_paths_of_safe_names_lie_inside_the_folder()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "out");
        var target = PackageEntryNames.ResolveUnder(folder, "weights/network.bin");
        Assert.Equal(Path.Combine(Path.GetFullPath(folder), "weights", "network.bin"), target);
        Assert.True(PackageEntryNames.IsSafe("plots/roc curve.png"));
        Assert.False(PackageEntryNames.IsSafe("../x"));
    }
}
