using CellOps.Runtime.Packaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Packaging;

public class ModelPackageCompatibilityTests
{
    [Theory]
    [InlineData("0.2.0")]
    [InlineData("1.0.0")]
    [InlineData("0.0.9")]
    public void A_package_from_an_incompatible_sdk_is_refused(string sdkVersion)
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path, PackageSamples.Manifest(sdkVersion));

        var e = PackageSamples.OpenFails(path);
        Assert.Equal(ModelPackageFailure.Incompatible, e.Failure);
        Assert.Contains(sdkVersion, e.Message);
    }

    [Theory]
    [InlineData("0.1.0")]
    [InlineData("0.1.7")]
    [InlineData("0.1.0-beta.2")]
    public void A_package_from_the_same_minor_sdk_opens(string sdkVersion)
    {
        using var temp = new TempFolder();
        using var package = ModelPackage.Open(PackageSamples.Write(temp.Path, PackageSamples.Manifest(sdkVersion)), PackageSamples.Host);
        Assert.Equal(sdkVersion, package.Manifest.SdkVersion);
    }

    [Fact]
    public void A_package_of_an_unknown_format_is_refused()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path, PackageSamples.Manifest(formatVersion: 2));

        var e = PackageSamples.OpenFails(path);
        Assert.Equal(ModelPackageFailure.Incompatible, e.Failure);
        Assert.Contains("format 2", e.Message);
    }

    [Fact]
    public void A_package_whose_sdk_version_is_not_a_version_is_not_a_package()
    {
        using var temp = new TempFolder();
        var path = PackageSamples.Write(temp.Path, PackageSamples.Manifest("soon"));
        Assert.Equal(ModelPackageFailure.NotAPackage, PackageSamples.OpenFails(path).Failure);
    }

    [Theory]
    [InlineData("0.1.0", "0.1.0", true)]
    [InlineData("0.1.3", "0.1.0", true)]
    [InlineData("0.2.0", "0.1.0", false)]
    [InlineData("0.1.0", "0.2.0", false)]
    [InlineData("1.0.0", "0.1.0", false)]
    [InlineData("1.1.0", "1.2.0", true)]
    [InlineData("1.3.0", "1.2.0", false)]
    [InlineData("2.0.0", "1.9.0", false)]
    public void Sdk_compatibility_follows_major_and_minor(string package, string host, bool compatible) =>
        Assert.Equal(compatible, CellOps.Sdk.SdkVersion.CanLoad(Version.Parse(package), Version.Parse(host)));
}
