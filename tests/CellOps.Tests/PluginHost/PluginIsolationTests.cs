using CellOps.PluginHost;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PluginHost;

public sealed class PluginIsolationTests
{
    [Fact]
    public void The_good_plugin_loads_beside_every_broken_one()
    {
        var catalog = TestPlugins.Catalog(TestPlugins.Root);

        var good = catalog.Record(TestPlugins.Folder("Good"));
        Assert.Equal(PluginStatus.Loaded, good.Status);
        Assert.Equal("TestGood", good.Id);
        Assert.Equal(new Version(1, 2, 3), good.Version);
        Assert.Equal("Test study", good.Study!.Title);
        Assert.Null(good.Reason);
        Assert.Equal(new[] { "TestGood.Probe", "TestGood.Echo" }, catalog.Models.Select(m => m.QualifiedName));

        Assert.Equal(4, catalog.Failed.Count());
        Assert.DoesNotContain(catalog.Plugins, p => p.Folder.EndsWith("Helper", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ThrowingCtor", PluginFailure.PluginError, "licence file not found")]
    [InlineData("MissingDependency", PluginFailure.MissingDependency, "missing dependency 'CellOps.TestPlugins.Helper'")]
    [InlineData("TwoEntries", PluginFailure.EntryType, "2 entry types")]
    [InlineData("WrongSdk", PluginFailure.IncompatibleSdk, "CellOps.Sdk 9.0")]
    public void A_broken_plugin_is_failed_with_a_one_line_reason_naming_its_folder(string name, PluginFailure failure, string cause)
    {
        var catalog = TestPlugins.Catalog(TestPlugins.Root);

        var record = catalog.Record(TestPlugins.Folder(name));
        Assert.Equal(PluginStatus.Failed, record.Status);
        Assert.Equal(failure, record.Failure);
        Assert.Null(record.Plugin);
        Assert.StartsWith($"Plugin folder '{TestPlugins.Folder(name)}': ", record.Reason);
        Assert.Contains(cause, record.Reason);
        Assert.DoesNotContain('\n', record.Reason!);
    }

    [Fact]
    public void Manifest_problems_are_reported_before_any_code_loads()
    {
        using var temp = new TempFolder();
        var badJson = TestPlugins.ManifestOnly(temp.Path, "BadJson", "{ \"id\": \"X\", ");
        var noId = TestPlugins.ManifestOnly(temp.Path, "NoId", "{ \"assembly\": \"X.dll\", \"sdkVersion\": \"0.1\" }");
        var noAssembly = TestPlugins.ManifestOnly(temp.Path, "NoAssembly", "{ \"id\": \"Gone\", \"assembly\": \"Gone.dll\", \"sdkVersion\": \"0.1\" }");
        var badVersion = TestPlugins.ManifestOnly(temp.Path, "BadVersion", "{ \"id\": \"V\", \"assembly\": \"V.dll\", \"sdkVersion\": \"latest\" }");

        var catalog = TestPlugins.Catalog(temp.Path);

        Assert.Equal(4, catalog.Plugins.Count);
        Assert.All(catalog.Plugins, p => Assert.Equal(PluginStatus.Failed, p.Status));
        Assert.Contains("not valid JSON", catalog.Record(badJson).Reason);
        Assert.Equal("BadJson", catalog.Record(badJson).Id);
        Assert.Equal(PluginFailure.InvalidManifest, catalog.Record(badJson).Failure);
        Assert.Contains("lacks the field \"id\"", catalog.Record(noId).Reason);
        Assert.Equal(PluginFailure.MissingAssembly, catalog.Record(noAssembly).Failure);
        Assert.Contains("'Gone.dll'", catalog.Record(noAssembly).Reason);
        Assert.Contains("\"sdkVersion\"", catalog.Record(badVersion).Reason);
    }

    [Fact]
    public void A_manifest_id_that_differs_from_the_plugins_Id_fails()
    {
        using var temp = new TempFolder();
        var folder = TestPlugins.Copy("Good", temp.Path, "Renamed", m => m["id"] = "Renamed");

        var record = TestPlugins.Catalog(folder).Record(folder);

        Assert.Equal(PluginFailure.IdMismatch, record.Failure);
        Assert.Contains("'Renamed' differs from the plugin's Id 'TestGood'", record.Reason);
    }

    [Fact]
    public void An_assembly_without_an_entry_type_fails()
    {
        using var temp = new TempFolder();
        var folder = TestPlugins.Copy("Helper", temp.Path, "NoEntry");
        File.WriteAllText(Path.Combine(folder, "plugin.json"),
            "{ \"id\": \"NoEntry\", \"assembly\": \"CellOps.TestPlugins.Helper.dll\", \"sdkVersion\": \"0.1\" }");

        var record = TestPlugins.Catalog(folder).Record(folder);

        Assert.Equal(PluginFailure.EntryType, record.Failure);
        Assert.Contains("no public non-abstract type implementing CellOps.Sdk.Models.ICellPlugin", record.Reason);
    }

    [Fact]
    public void An_assembly_that_does_not_reference_the_sdk_is_refused_from_its_metadata()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "Foreign");
        Directory.CreateDirectory(folder);
        File.Copy(typeof(Xunit.FactAttribute).Assembly.Location, Path.Combine(folder, "xunit.core.dll"));
        File.WriteAllText(Path.Combine(folder, "plugin.json"), "{ \"id\": \"Foreign\", \"assembly\": \"xunit.core.dll\", \"sdkVersion\": \"0.1\" }");

        var record = TestPlugins.Catalog(folder).Record(folder);

        Assert.Equal(PluginFailure.IncompatibleSdk, record.Failure);
        Assert.Contains("does not reference CellOps.Sdk", record.Reason);
    }

    [Fact]
    public void The_first_plugin_with_an_id_wins_and_later_ones_are_shadowed()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        var winner = TestPlugins.Copy("Good", first.Path);
        var loser = TestPlugins.Copy("Good", second.Path);

        var catalog = TestPlugins.Catalog(first.Path, second.Path);

        Assert.Equal(PluginStatus.Loaded, catalog.Record(winner).Status);
        var shadowed = catalog.Record(loser);
        Assert.Equal(PluginFailure.Shadowed, shadowed.Failure);
        Assert.Contains($"shadowed by {winner}", shadowed.Reason);
        Assert.Equal(2, catalog.Models.Count);
    }

    [Fact]
    public void A_plugin_folder_is_loaded_once_per_process()
    {
        var first = TestPlugins.Catalog(TestPlugins.Folder("Good")).Plugins.Single();
        var second = TestPlugins.Catalog(TestPlugins.Root).Record(TestPlugins.Folder("Good"));

        Assert.Same(first.Plugin, second.Plugin);
    }
}
