using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Runtime.Inference;

/// <summary>
/// Puts a network's 2-D convolution weights into channels-last (NHWC) memory order. libtorch then runs
/// those convolutions, and the batch norms, ReLUs and poolings after them, in that order, which its
/// CPU kernels (oneDNN's convolutions, the vectorised pooling) handle markedly faster than NCHW on a
/// tile CNN. Values, shapes and indexing stay the same: only the strides change.
/// </summary>
/// <remarks>
/// Only for networks that are no longer trained (the weights are re-laid in place, under no_grad).
/// A plugin's forward may do what this order does not allow (a <c>view</c> of a feature map), so
/// <see cref="TryApply"/> checks the network on a probe batch and keeps the ordinary order where the
/// probe fails or disagrees.
/// </remarks>
public static class ChannelsLast
{
    /// <summary>
    /// Re-lays <paramref name="network"/>'s convolution weights where that is safe: a probe batch of
    /// <paramref name="channels"/>×<paramref name="tileSize"/>² tiles must run and give the same output
    /// (to float rounding) in both orders. Returns whether the network now runs channels-last.
    /// </summary>
    /// <param name="network">In evaluation mode, on the CPU, not trained any further.</param>
    public static bool TryApply(nn.Module<Tensor, Tensor> network, int channels, int tileSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        // A fixed ramp, not random numbers: drawing from torch's generator here would shift every
        // later seeded draw.
        long samples = 2L * channels * tileSize * tileSize;
        var probe = torch.linspace(-1, 1, samples).reshape(2, channels, tileSize, tileSize);
        Tensor expected;
        try
        {
            expected = network.call(probe);
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException)
        {
            // The network does not take such tiles at all; leave it as it is and let prediction report it.
            return false;
        }
        if (Apply(network) == 0) return false;
        try
        {
            var actual = network.call(probe);
            if (actual.shape.SequenceEqual(expected.shape) && actual.allclose(expected, rtol: 1e-3, atol: 1e-5)) return true;
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException)
        {
            // The forward needs the ordinary order (a view of a feature map, for example).
        }
        Revert(network);
        return false;
    }

    /// <summary>
    /// Whether <paramref name="network"/> can be fed channels-last batches: a probe of
    /// <paramref name="sample"/> (a few tiles of a real batch) must run and give the same output in both
    /// orders. Probed in evaluation mode without gradients, so batch-norm statistics and the random
    /// state are left as they were; the training flag is restored.
    /// </summary>
    public static bool AcceptsInput(nn.Module<Tensor, Tensor> network, Tensor sample)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.dim() != 4) return false;
        // Each module's own flag, not the network's: a frozen backbone stays in evaluation mode while the
        // rest trains, and network.train() would put its batch norms back to updating their statistics.
        var modes = network.modules().Prepend(network).Select(m => (Module: m, Training: m.training)).ToList();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        network.eval();
        try
        {
            var expected = network.call(sample);
            var actual = network.call(Layout(sample));
            return actual.shape.SequenceEqual(expected.shape) && actual.allclose(expected, rtol: 1e-3, atol: 1e-5);
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
        finally
        {
            foreach (var (module, training) in modes) module.train(training);
        }
    }

    /// <summary>Re-lays every Conv2d weight of <paramref name="network"/>; returns how many there were.</summary>
    public static int Apply(nn.Module network)
    {
        ArgumentNullException.ThrowIfNull(network);
        int count = 0;
        using var noGrad = torch.no_grad();
        foreach (var module in network.modules())
        {
            if (module is not Conv2d conv || conv.weight is not { } weight || weight.dim() != 4) continue;
            using var relaid = Layout(weight);
            weight.set_(relaid);
            count++;
        }
        return count;
    }

    /// <summary>Puts every Conv2d weight back into the ordinary contiguous (NCHW) order.</summary>
    public static void Revert(nn.Module network)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var noGrad = torch.no_grad();
        foreach (var module in network.modules())
        {
            if (module is not Conv2d conv || conv.weight is not { } weight || weight.dim() != 4) continue;
            using var dense = weight.contiguous();
            weight.set_(dense);
        }
    }

    /// <summary>The same N×C×H×W values with NHWC strides (what PyTorch calls channels_last).</summary>
    public static Tensor Layout(Tensor nchw)
    {
        ArgumentNullException.ThrowIfNull(nchw);
        if (nchw.dim() != 4) throw new ArgumentException($"Channels-last needs a 4-D tensor, not one of shape [{string.Join(",", nchw.shape)}].", nameof(nchw));
        long n = nchw.shape[0], c = nchw.shape[1], h = nchw.shape[2], w = nchw.shape[3];
        using var nhwc = nchw.permute(0, 2, 3, 1);
        using var dense = nhwc.contiguous();
        // Strides set outright rather than by permuting back: with one channel both orders count as
        // contiguous, a permuted view keeps the NCHW strides, and libtorch would not see channels-last.
        return dense.as_strided(new[] { n, c, h, w }, new[] { h * w * c, 1, w * c, c }, dense.storage_offset());
    }
}
