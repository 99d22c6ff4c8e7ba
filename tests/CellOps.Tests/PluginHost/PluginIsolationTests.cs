using CellOps.PluginHost;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PluginHost;

public sealed class PluginIsolationTests
{
    [Fact]
    public void Every_plugin_is_listed_from_its_manifest_without_running_its_code()
    {
        using var temp = new TempFolder();
        foreach (var name in new[] { "Good", "ThrowingCtor", "MissingDependency", "TwoEntries", "WrongSdk" }) TestPlugins.Copy(name, temp.Path);

        var catalog = TestPlugins.Catalog(temp.Path);

        var good = catalog.Record(Path.Combine(temp.Path, "Good"));
        Assert.Equal(PluginStatus.Available, good.Status);
        Assert.Null(good.Plugin);
        Assert.Equal("TestGood", good.Id);
        Assert.Equal(new Version(1, 2, 3), good.Version);
        Assert.Equal("Test study", good.Study!.Title);
        Assert.Null(good.Reason);
        // The constructor that throws, the missing library and the second entry type are all unseen until used.
        Assert.Equal(PluginStatus.Available, catalog.Record(Path.Combine(temp.Path, "ThrowingCtor")).Status);
        Assert.Equal(PluginStatus.Available, catalog.Record(Path.Combine(temp.Path, "MissingDependency")).Status);
        Assert.Equal(PluginStatus.Available, catalog.Record(Path.Combine(temp.Path, "TwoEntries")).Status);
        Assert.Equal(new[] { "TestGood.Echo", "TestGood.Probe", "TestMissingDependency.Helped", "TestThrowing.Never", "TestTwoEntries.Never" },
            catalog.Models.Select(m => m.QualifiedName).Order(StringComparer.Ordinal));
        // What needs no code, the SDK version, is checked at once.
        Assert.Equal(PluginFailure.IncompatibleSdk, Assert.Single(catalog.Failed).Failure);
    }

    [Fact]
    public void Using_one_plugins_model_loads_that_plugin_alone()
    {
        using var temp = new TempFolder();
        var good = TestPlugins.Copy("Good", temp.Path);
        var throwing = TestPlugins.Copy("ThrowingCtor", temp.Path);
        var catalog = TestPlugins.Catalog(temp.Path);

        var handle = catalog.ResolveModel("Probe");

        Assert.Equal("TestGood.Probe", handle.QualifiedName);
        Assert.Equal(PluginStatus.Loaded, catalog.Record(good).Status);
        Assert.Equal(PluginStatus.Available, catalog.Record(throwing).Status);
    }

    [Theory]
    [InlineData("ThrowingCtor", "TestThrowing.Never", PluginFailure.PluginError, "licence file not found")]
    [InlineData("MissingDependency", "TestMissingDependency.Helped", PluginFailure.MissingDependency, "missing dependency 'CellOps.TestPlugins.Helper'")]
    [InlineData("TwoEntries", "TestTwoEntries.Never", PluginFailure.EntryType, "2 entry types")]
    public void A_broken_plugin_fails_when_its_model_is_used_with_a_one_line_reason_naming_its_folder(string name, string model, PluginFailure failure, string cause)
    {
        using var temp = new TempFolder();
        var folder = Path.TrimEndingDirectorySeparator(TestPlugins.Copy(name, temp.Path));
        var catalog = TestPlugins.Catalog(temp.Path);

        var error = Assert.Throws<PluginLoadFailedException>(() => catalog.ResolveModel(model));

        var record = catalog.Record(folder);
        Assert.Same(record, error.Record);
        Assert.Equal(PluginStatus.Failed, record.Status);
        Assert.Equal(failure, record.Failure);
        Assert.Null(record.Plugin);
        Assert.StartsWith($"Plugin folder '{folder}': ", record.Reason);
        Assert.Contains(cause, record.Reason);
        Assert.Contains(model, error.Message);
        Assert.DoesNotContain('\n', record.Reason!);
    }

    [Fact]
    public void A_plugin_built_for_another_sdk_fails_at_listing()
    {
        var record = TestPlugins.Catalog(TestPlugins.Root).Record(TestPlugins.Folder("WrongSdk"));

        Assert.Equal(PluginStatus.Failed, record.Status);
        Assert.Equal(PluginFailure.IncompatibleSdk, record.Failure);
        Assert.Contains("CellOps.Sdk 9.0", record.Reason);
    }

    [Fact]
    public void A_plugin_that_describes_itself_otherwise_than_its_manifest_is_refused_when_used()
    {
        using var temp = new TempFolder();
        var folder = Path.TrimEndingDirectorySeparator(TestPlugins.Copy("Good", temp.Path, "Edited", m => m["models"]![0]!["hyperParameters"]![0]!["max"] = 0.5));
        var catalog = TestPlugins.Catalog(folder);
        Assert.Equal(0.5, catalog.FindModel("TestGood.Probe").Declaration.HyperParameters[0].Max);

        var error = Assert.Throws<PluginLoadFailedException>(() => catalog.ResolveModel("TestGood.Probe"));

        Assert.Equal(PluginFailure.DeclarationMismatch, error.Record.Failure);
        Assert.Contains("'Probe'", error.Record.Reason);
        Assert.Contains("hyperParameters[0] (LearningRate).max: 0.5 declared, 0.1 in the plugin", error.Record.Reason);
    }

    [Fact]
    public void A_manifest_that_declares_no_models_is_refused()
    {
        using var temp = new TempFolder();
        var folder = TestPlugins.Copy("Good", temp.Path, "Bare", m => m.Remove("models"));

        var record = TestPlugins.Catalog(folder).Record(folder);

        Assert.Equal(PluginFailure.InvalidManifest, record.Failure);
        Assert.Contains("does not declare the plugin's version, study and models", record.Reason);
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

        var record = Assert.Throws<PluginLoadFailedException>(() => TestPlugins.Catalog(folder).ResolveModel("Renamed.Probe")).Record;

        Assert.Equal(PluginFailure.IdMismatch, record.Failure);
        Assert.Contains("'Renamed' differs from the plugin's Id 'TestGood'", record.Reason);
    }

    [Fact]
    public void An_assembly_without_an_entry_type_fails()
    {
        using var temp = new TempFolder();
        var folder = TestPlugins.Copy("Helper", temp.Path, "NoEntry");
        File.WriteAllText(Path.Combine(folder, "plugin.json"),
            "{ \"id\": \"NoEntry\", \"assembly\": \"CellOps.TestPlugins.Helper.dll\", \"sdkVersion\": \"0.1\", " + TestPlugins.Declaration() + " }");

        var record = Assert.Throws<PluginLoadFailedException>(() => TestPlugins.Catalog(folder).ResolveModel("NoEntry.Never")).Record;

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
        File.WriteAllText(Path.Combine(folder, "plugin.json"), "{ \"id\": \"Foreign\", \"assembly\": \"xunit.core.dll\", \"sdkVersion\": \"0.1\", " + TestPlugins.Declaration() + " }");

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

        Assert.Equal(PluginStatus.Available, catalog.Record(winner).Status);
        var shadowed = catalog.Record(loser);
        Assert.Equal(PluginFailure.Shadowed, shadowed.Failure);
        Assert.Contains($"shadowed by {winner}", shadowed.Reason);
        Assert.Equal(2, catalog.Models.Count);
    }

    [Fact]
    public void A_plugin_folder_is_loaded_once_per_process_and_later_listings_show_it_loaded()
    {
        var first = TestPlugins.Catalog(TestPlugins.Folder("Good")).ResolveModel("TestGood.Probe");
        var later = TestPlugins.Catalog(TestPlugins.Root);
        var second = later.ResolveModel("TestGood.Echo");

        Assert.Same(first.Plugin, second.Plugin);
        Assert.Equal(PluginStatus.Loaded, later.Record(TestPlugins.Folder("Good")).Status);
    }
}
