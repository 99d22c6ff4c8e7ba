using CellOps.PluginHost;
using CellOps.PluginHost.Discovery;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PluginHost;

/// <summary>
/// Plugin code is loaded only from folders no other user can change, and never from a relative
/// CELLOPS_PLUGIN_PATH entry; CELLOPS_TRUSTED_PLUGIN_PATH allows a folder explicitly.
/// </summary>
public sealed class PluginTrustTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(PluginFolderTrust.EnvironmentVariable, null);
        _temp.Dispose();
    }

    [Fact]
    public void A_plugin_folder_every_user_can_write_is_refused_with_the_reason_and_the_way_to_allow_it()
    {
        if (!OperatingSystem.IsLinux()) return;
        string folder = TestPlugins.Copy("Good", _temp.Path, "open");
        File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) | UnixFileMode.OtherWrite);

        var record = Assert.Single(TestPlugins.Catalog(folder).Plugins);
        Assert.Equal(PluginStatus.Failed, record.Status);
        Assert.Equal(PluginFailure.Untrusted, record.Failure);
        Assert.Contains("writable by every user", record.Reason);
        Assert.Contains(PluginFolderTrust.EnvironmentVariable, record.Reason);
        Assert.Null(record.Plugin);

        Environment.SetEnvironmentVariable(PluginFolderTrust.EnvironmentVariable, folder);
        Assert.Equal(PluginStatus.Available, Assert.Single(TestPlugins.Catalog(folder).Plugins).Status);
    }

    [Fact]
    public void A_plugin_assembly_that_belongs_to_another_user_is_refused()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root") return; // only root can give a file away
        string folder = TestPlugins.Copy("Good", _temp.Path, "theirs");
        string assembly = Directory.GetFiles(folder, "*.dll").First();
        Assert.Equal(0, Chown(assembly, 4242, 4242));

        var record = Assert.Single(TestPlugins.Catalog(folder).Plugins);
        Assert.Equal(PluginFailure.Untrusted, record.Failure);
        Assert.Contains("another user (uid 4242)", record.Reason);
        Assert.Contains(Path.GetFileName(assembly), record.Reason);
    }

    [Fact]
    public void A_relative_CELLOPS_PLUGIN_PATH_entry_is_refused_and_a_full_one_loads()
    {
        string sep = Path.PathSeparator.ToString();
        var path = PluginSearchPath.Build(null, "plugins" + sep + TestPlugins.Folder("Good"), null);
        var catalog = PluginCatalog.Load(path);

        Assert.Equal(2, catalog.Plugins.Count);
        var refused = catalog.Plugins[0];
        Assert.Equal(PluginFailure.Untrusted, refused.Failure);
        Assert.Contains("'plugins' is relative", refused.Reason);
        Assert.NotEqual(PluginStatus.Failed, catalog.Plugins[1].Status);
    }

    [Fact]
    public void The_shipped_test_plugins_are_trusted_as_they_are()
    {
        Assert.Null(PluginFolderTrust.Problem(TestPlugins.Folder("Good"), TestPlugins.Folder("Good")));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown(string path, int owner, int group);
}
