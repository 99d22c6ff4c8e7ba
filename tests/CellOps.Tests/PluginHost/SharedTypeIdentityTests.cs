using CellOps.PluginHost;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;
using TorchSharp;
using Xunit;

namespace CellOps.Tests.PluginHost;

public sealed class SharedTypeIdentityTests
{
    [Fact]
    public void The_plugins_entry_object_is_the_hosts_ICellPlugin_and_its_assembly_has_its_own_load_context()
    {
        var record = TestPlugins.Catalog(TestPlugins.Folder("Good")).ResolveModel("TestGood.Probe").Record;

        Assert.IsAssignableFrom<ICellPlugin>(record.Plugin);
        Assert.Same(typeof(ICellPlugin).Assembly, record.Plugin!.GetType().GetInterfaces().Single(i => i.Name == nameof(ICellPlugin)).Assembly);
        var pluginContext = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(record.Plugin.GetType().Assembly);
        Assert.NotSame(System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(ICellPlugin).Assembly), pluginContext);
    }

    [Fact]
    public void A_network_the_plugin_builds_is_a_host_module_that_runs_on_a_host_tensor()
    {
        TorchBackend.EnsureLoaded();
        var probe = TestPlugins.Catalog(TestPlugins.Folder("Good")).ResolveModel("TestGood.Probe");
        var values = HyperParameterValues.Resolve(probe.Model.HyperParameters, null);

        using var network = probe.Model.CreateNetwork(values);
        Assert.IsAssignableFrom<torch.nn.Module<torch.Tensor, torch.Tensor>>(network);
        Assert.Same(typeof(torch).Assembly, network.GetType().Assembly);

        using var input = torch.rand(3, 1, 4, 4);
        using var output = network.call(input);
        Assert.Equal(new long[] { 3, 2 }, output.shape);

        var supervised = Assert.IsAssignableFrom<ISupervisedModel>(probe.Model);
        using var target = torch.tensor(new long[] { 0, 1, 1 });
        using var loss = supervised.ComputeLoss(output, target, null);
        Assert.True(loss.item<float>() > 0);
    }
}
