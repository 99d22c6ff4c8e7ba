using CellOps.Plugins.Cardiomyocyte;
using CellOps.Runtime.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// An inference-only copy of a trained <see cref="TileClassifierNetwork"/> with each eval-mode batch
/// normalisation folded into the convolution before it (w' = w·γ/√(σ²+ε), b' = β − μ·γ/√(σ²+ε)), so a
/// block is conv+bias, ReLU, pool: one pass over each feature map fewer. Optionally in channels-last
/// order, and optionally with the ReLU after the pooling (max pooling and ReLU commute, so the output
/// is the same and the ReLU touches a quarter of the values). The network suite measures what these
/// plugin-level rewrites would be worth; CellOps does not ship them.
/// </summary>
internal sealed class FoldedTileClassifier : nn.Module<Tensor, Tensor>
{
    private readonly List<(Tensor Weight, Tensor Bias)> _blocks = new();
    private readonly Tensor _headWeight;
    private readonly Tensor _headBias;
    private readonly bool _reluAfterPool;

    public FoldedTileClassifier(TileClassifierNetwork network, bool channelsLast, bool reluAfterPool = false) : base(nameof(FoldedTileClassifier))
    {
        _reluAfterPool = reluAfterPool;
        var state = network.state_dict();
        using var noGrad = no_grad();
        for (int i = 0; i < network.Depth; i++)
        {
            string block = $"blocks.{i}.";
            // Batch norm's default epsilon (TorchSharp and PyTorch alike); the plugin does not change it.
            var (weight, bias) = nn.utils.fuse_conv_bn_weights(
                state[block + "conv.weight"], null!, state[block + "norm.running_mean"], state[block + "norm.running_var"], 1e-5,
                state[block + "norm.weight"], state[block + "norm.bias"], false);
            var w = weight.detach();
            if (channelsLast)
            {
                var relaid = ChannelsLast.Layout(w);
                w.Dispose();
                w = relaid;
            }
            _blocks.Add((w, bias.detach().contiguous()));
        }
        _headWeight = state["head.weight"].detach().clone();
        _headBias = state["head.bias"].detach().clone();
    }

    public override Tensor forward(Tensor input)
    {
        Tensor x = input.alias();
        foreach (var (weight, bias) in _blocks)
        {
            using var convolved = nn.functional.conv2d(x, weight, bias, padding: new long[] { 1, 1 });
            x.Dispose();
            if (_reluAfterPool)
            {
                using var pooled = nn.functional.max_pool2d(convolved, new long[] { 2, 2 }, new long[] { 2, 2 }, ceil_mode: true);
                x = nn.functional.relu(pooled);
            }
            else
            {
                using var activated = nn.functional.relu(convolved, inplace: true);
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
            foreach (var (w, b) in _blocks)
            {
                w.Dispose();
                b.Dispose();
            }
            _headWeight.Dispose();
            _headBias.Dispose();
        }
        base.Dispose(disposing);
    }
}
