using CellOps.Plugins.Cardiomyocyte;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// An inference-only copy of a trained <see cref="TileClassifierNetwork"/> with each eval-mode batch
/// normalisation folded into the convolution before it (w' = w·γ/√(σ²+ε), b' = β − μ·γ/√(σ²+ε)), so a
/// block is conv+bias, ReLU, pool: one pass over each feature map fewer. Optionally holds its weights
/// and expects its input in channels-last (NHWC) memory order, which oneDNN's convolutions prefer.
/// Used by the network suite to measure what these two levers are worth.
/// </summary>
internal sealed class FoldedTileClassifier : nn.Module<Tensor, Tensor>
{
    private readonly List<(Tensor Weight, Tensor Bias)> _blocks = new();
    private readonly Tensor _headWeight;
    private readonly Tensor _headBias;

    public FoldedTileClassifier(TileClassifierNetwork network, bool channelsLast) : base(nameof(FoldedTileClassifier))
    {
        ChannelsLast = channelsLast;
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
            if (channelsLast) w = ToChannelsLast(w);
            _blocks.Add((w, bias.detach().contiguous()));
        }
        _headWeight = state["head.weight"].detach().clone();
        _headBias = state["head.bias"].detach().clone();
    }

    public bool ChannelsLast { get; }

    /// <summary>The same values with NHWC strides (the layout PyTorch calls channels_last), still indexed N×C×H×W.</summary>
    public static Tensor ToChannelsLast(Tensor nchw)
    {
        using var nhwc = nchw.permute(0, 2, 3, 1);
        using var dense = nhwc.contiguous();
        return dense.permute(0, 3, 1, 2);
    }

    public override Tensor forward(Tensor input)
    {
        Tensor x = ChannelsLast ? ToChannelsLast(input) : input.alias();
        foreach (var (weight, bias) in _blocks)
        {
            using var convolved = nn.functional.conv2d(x, weight, bias, padding: new long[] { 1, 1 });
            x.Dispose();
            using var activated = nn.functional.relu(convolved, inplace: true);
            x = nn.functional.max_pool2d(activated, new long[] { 2, 2 }, new long[] { 2, 2 }, ceil_mode: true);
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
