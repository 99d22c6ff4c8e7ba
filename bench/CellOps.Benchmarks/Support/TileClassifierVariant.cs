using CellOps.Plugins.Cardiomyocyte;
using CellOps.Runtime.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// An inference-only copy of a trained <see cref="TileClassifierNetwork"/>, written out functionally so
/// that each inference lever can be switched on and off on its own: batch normalisation applied after
/// the convolution (as the plugin did before) or folded into it (w' = w·γ/√(σ²+ε),
/// b' = β − μ·γ/√(σ²+ε)); NCHW or channels-last weights; ReLU before or after the pooling (max pooling and
/// ReLU commute, so the output is the same and the ReLU touches a quarter of the values).
/// </summary>
internal sealed class TileClassifierVariant : nn.Module<Tensor, Tensor>
{
    private readonly List<Block> _blocks = new();
    private readonly Tensor _headWeight;
    private readonly Tensor _headBias;
    private readonly bool _reluAfterPool;

    public TileClassifierVariant(TileClassifierNetwork network, bool fold, bool channelsLast, bool reluAfterPool = false) : base(nameof(TileClassifierVariant))
    {
        _reluAfterPool = reluAfterPool;
        var state = network.state_dict();
        using var noGrad = no_grad();
        for (int i = 0; i < network.Depth; i++)
        {
            string block = $"blocks.{i}.";
            Tensor Copy(string name) => state[block + name].detach().clone();
            Tensor weight;
            Tensor? bias = null;
            Tensor[]? norm = null;
            if (fold)
            {
                // Batch norm's default epsilon (TorchSharp and PyTorch alike); the plugin does not change it.
                var (w, b) = nn.utils.fuse_conv_bn_weights(
                    state[block + "conv.weight"], null!, state[block + "norm.running_mean"], state[block + "norm.running_var"], 1e-5,
                    state[block + "norm.weight"], state[block + "norm.bias"], false);
                weight = w.detach();
                bias = b.detach().contiguous();
            }
            else
            {
                weight = Copy("conv.weight");
                norm = new[] { Copy("norm.running_mean"), Copy("norm.running_var"), Copy("norm.weight"), Copy("norm.bias") };
            }
            if (channelsLast)
            {
                var relaid = ChannelsLast.Layout(weight);
                weight.Dispose();
                weight = relaid;
            }
            _blocks.Add(new Block(weight, bias, norm));
        }
        _headWeight = state["head.weight"].detach().clone();
        _headBias = state["head.bias"].detach().clone();
    }

    public override Tensor forward(Tensor input)
    {
        Tensor x = input.alias();
        foreach (var block in _blocks)
        {
            using var convolved = nn.functional.conv2d(x, block.Weight, block.Bias, padding: new long[] { 1, 1 });
            x.Dispose();
            using var normalised = block.Norm is { } n
                ? nn.functional.batch_norm(convolved, n[0], n[1], n[2], n[3], training: false, momentum: 0.1, eps: 1e-5)
                : convolved.alias();
            if (_reluAfterPool)
            {
                using var pooled = nn.functional.max_pool2d(normalised, new long[] { 2, 2 }, new long[] { 2, 2 }, ceil_mode: true);
                x = nn.functional.relu(pooled);
            }
            else
            {
                using var activated = nn.functional.relu(normalised, inplace: true);
                x = nn.functional.max_pool2d(activated, new long[] { 2, 2 }, new long[] { 2, 2 }, ceil_mode: true);
            }
        }
        using (x)
        using (var pooled = x.mean(new long[] { 2, 3 }))
        {
            return nn.functional.linear(pooled, _headWeight, _headBias);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var block in _blocks)
            {
                block.Weight.Dispose();
                block.Bias?.Dispose();
                foreach (var t in block.Norm ?? Array.Empty<Tensor>()) t.Dispose();
            }
            _headWeight.Dispose();
            _headBias.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>One conv block's tensors: weights, the folded bias or the batch norm's (mean, var, γ, β).</summary>
    private sealed record Block(Tensor Weight, Tensor? Bias, Tensor[]? Norm);
}
