using CellOps.PluginHost;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PluginHost;

public sealed class ModelResolutionTests
{
    [Theory]
    [InlineData("TestGood.Probe")]
    [InlineData("testgood.PROBE")]
    [InlineData("Probe")]
    [InlineData("probe")]
    public void A_model_resolves_by_qualified_or_unique_bare_name_ignoring_case(string name)
    {
        var handle = TestPlugins.Catalog(TestPlugins.Root).ResolveModel(name);

        Assert.Equal("TestGood.Probe", handle.QualifiedName);
        Assert.Equal("Probe", handle.Model.Name);
        Assert.Equal("TestGood", handle.Plugin.Id);
        Assert.Same(handle.Plugin, handle.Record.Plugin);
    }

    [Fact]
    public void An_unknown_name_lists_the_models_there_are_and_the_failed_plugins()
    {
        var catalog = TestPlugins.Catalog(TestPlugins.Root);

        var ex = Assert.Throws<ModelNotFoundException>(() => catalog.ResolveModel("TestGood.Nope"));

        Assert.Equal("TestGood.Nope", ex.Name);
        Assert.Contains("TestGood.Probe, TestGood.Echo", ex.Message);
        Assert.Contains("1 plugin(s) failed to load (TestWrongSdk)", ex.Message);
        Assert.False(catalog.TryFindModel("Nope", out _));
    }

    [Fact]
    public void A_shadowed_twin_does_not_make_a_bare_name_ambiguous()
    {
        using var temp = new TempFolder();
        var twin = TestPlugins.Copy("Good", temp.Path, "Twin", m => m["id"] = "TestGood");
        var catalog = TestPlugins.Catalog(TestPlugins.Folder("Good"), twin);
        Assert.Equal("TestGood.Echo", catalog.ResolveModel("Echo").QualifiedName);
    }
}
