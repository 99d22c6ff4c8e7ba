using CellOps.Runtime.Packaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Packaging;

public class ModelPackageAtomicWriteTests
{
    [Fact]
    public void A_failed_write_leaves_the_old_package_intact_and_no_temporary_file()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        var before = File.ReadAllBytes(path);
        var entries = PackageSamples.Entries();
        entries["../evil.bin"] = [1];

        Assert.Throws<ArgumentException>(() => ModelPackageWriter.Write(path, PackageSamples.Manifest("0.1.9"), entries));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.cellmodel"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
        using var package = ModelPackage.Open(path, PackageSamples.Host);
        Assert.Equal("0.1.0", package.Manifest.SdkVersion);
    }

    [Fact]
    public void A_write_that_fails_at_the_final_rename_removes_its_temporary_file()
    {
        using var temp = new TempFolder();
        // A folder where the package should go: everything is written, then the rename over it fails.
        var path = temp.File("model.cellmodel");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "keep.txt"), "keep");

        Assert.ThrowsAny<Exception>(() => ModelPackageWriter.Write(path, PackageSamples.Manifest(), PackageSamples.Entries()));
        Assert.Equal(["model.cellmodel"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(path, "keep.txt")));
    }

    [Fact]
    public void Writing_over_an_existing_package_replaces_it_and_leaves_no_temporary_file()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        PackageSamples.Write(temp.Path, PackageSamples.Manifest("0.1.4"));

        Assert.Equal(["model.cellmodel"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
        using var package = ModelPackage.Open(path, PackageSamples.Host);
        Assert.Equal("0.1.4", package.Manifest.SdkVersion);
    }
}
