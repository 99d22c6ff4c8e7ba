using CellOps.Runtime.Packaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Packaging;

public class ModelPackageDamageTests
{
    [Fact]
    public void A_file_cut_in_half_is_refused_as_truncated()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = PackageSamples.OpenFails(path);
        Assert.Equal(ModelPackageFailure.Truncated, e.Failure);
        Assert.Contains("model.cellmodel", e.Message);
        Assert.IsType<System.IO.InvalidDataException>(e.InnerException);
    }

    [Fact]
    public void A_file_missing_its_last_bytes_is_refused_as_truncated()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);

        Assert.Equal(ModelPackageFailure.Truncated, PackageSamples.OpenFails(path).Failure);
    }

    [Theory]
    [InlineData("this is a text file, not a model")]
    [InlineData("")]
    public void A_file_that_is_not_a_zip_is_not_a_package(string content)
    {
        using var temp = new TempFolder();
        var path = temp.File("model.cellmodel");
        File.WriteAllText(path, content);

        var e = PackageSamples.OpenFails(path);
        Assert.Equal(ModelPackageFailure.NotAPackage, e.Failure);
        Assert.Contains("not a zip", e.Message);
    }

    [Fact]
    public void A_missing_file_is_reported_as_not_found()
    {
        using var temp = new TempFolder();
        var path = temp.File("absent.cellmodel");

        var e = PackageSamples.OpenFails(path);
        Assert.Equal(ModelPackageFailure.NotFound, e.Failure);
        Assert.Contains("absent.cellmodel", e.Message);
    }

    [Fact]
    public void A_refused_package_releases_its_file()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path);
        PackageSamples.AddEntry(path, "extra.bin", [1]);
        PackageSamples.OpenFails(path);

        File.Delete(path);
        Assert.False(File.Exists(path));
    }
}
