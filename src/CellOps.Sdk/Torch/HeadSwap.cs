using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Sdk.Torch;

/// <summary>
/// Puts a fresh head in place of a network's old one, as <see cref="Models.ITransferableNetwork.ReplaceHead"/>
/// needs: on the backbone's device, in the network's mode, under the old head's name, with the old head freed.
/// </summary>
public static class HeadSwap
{
    /// <summary>Registers <paramref name="fresh"/> as <paramref name="network"/>'s submodule <paramref name="name"/> in place of <paramref name="old"/>.</summary>
    /// <typeparam name="THead">The head's type.</typeparam>
    /// <param name="network">The network that owns the head.</param>
    /// <param name="name">The name the head is registered under (e.g. <c>head</c>), so saved weights keep their keys.</param>
    /// <param name="old">The head being replaced; disposed.</param>
    /// <param name="fresh">The new head, built on the CPU.</param>
    /// <param name="backbone">The network's backbone, whose device the new head moves to.</param>
    /// <returns><paramref name="fresh"/>, for the caller's field.</returns>
    public static THead Replace<THead>(nn.Module network, string name, THead old, THead fresh, nn.Module backbone)
        where THead : nn.Module
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(fresh);
        ArgumentNullException.ThrowIfNull(backbone);
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
