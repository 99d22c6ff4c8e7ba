using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.IpsColony;

/// <summary>Puts a fresh head in place of a network's old one, on the backbone's device and in the network's mode.</summary>
internal static class HeadSwap
{
    public static THead Replace<THead>(nn.Module network, string name, THead old, THead fresh, nn.Module backbone)
        where THead : nn.Module
    {
        var device = backbone.parameters().First().device;
        if (device.type != DeviceType.CPU) fresh.to(device);
        // Registered modules are looked up by name: the old head is unregistered before the new one
        // takes its name, so saved weights and parameters() see only the new one.
        network.register_module(name, null!);
        network.register_module(name, fresh);
        old.Dispose();
        if (!network.training) fresh.eval();
        return fresh;
    }
}
