using CellOps.PluginHost;
using CellOps.PluginHost.Discovery;
using CellOps.PluginHost.Loading;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PluginHost;

public sealed class PluginSearchPathTests
{
    [Fact]
    public void The_module_folder_comes_first_then_the_environment_variable_then_PluginPath()
    {
        string sep = Path.PathSeparator.ToString();
        var path = PluginSearchPath.Build("/m/plugins", "/e1" + sep + " " + sep + "/e2", new[] { "/x" });

        Assert.Equal(new[] { "/m/plugins", "/e1", "/e2", "/x" }, path.Select(f => f.Path));
        Assert.Equal(new[] { PluginSource.Module, PluginSource.Environment, PluginSource.Environment, PluginSource.PluginPath }, path.Select(f => f.Source));
        Assert.Equal(new[] { false, false, false, true }, path.Select(f => f.Required));
    }

    [Fact]
    public void The_module_folder_is_plugins_beside_the_host_assembly()
    {
        Assert.Equal(Path.Combine(Path.GetDirectoryName(typeof(PluginCatalog).Assembly.Location)!, "plugins"), PluginSearchPath.ModulePluginFolder);
    }

    [Fact]
    public void Missing_environment_folders_are_skipped_but_a_missing_PluginPath_folder_is_an_error()
    {
        using var temp = new TempFolder();
        var quiet = PluginCatalog.Load(PluginSearchPath.Build(null, temp.File("nope"), null));
        Assert.Empty(quiet.Plugins);

        var ex = Assert.Throws<PluginPathNotFoundException>(() => PluginCatalog.Load(new[] { temp.File("nope") }));
        Assert.Equal(temp.File("nope"), ex.Folder);
    }

    [Fact]
    public void Plugins_from_the_environment_variable_are_marked_so()
    {
        var catalog = PluginCatalog.Load(PluginSearchPath.Build(null, TestPlugins.Folder("Good"), null));
        Assert.Equal(PluginSource.Environment, catalog.Plugins.Single().Source);
    }

    [Theory]
    [InlineData("0.1", "0.1", true)]
    [InlineData("0.1", "0.2", false)]
    [InlineData("0.2", "0.1", false)]
    [InlineData("1.3", "1.2", true)]
    [InlineData("1.2", "1.3", false)]
    [InlineData("2.0", "1.0", false)]
    public void Sdk_versions_are_compatible_within_a_major_version_and_within_a_minor_one_before_1_0(string host, string plugin, bool compatible)
    {
        Assert.Equal(compatible, CellOps.Sdk.SdkVersion.CanLoad(Version.Parse(plugin), Version.Parse(host)));
    }
}
