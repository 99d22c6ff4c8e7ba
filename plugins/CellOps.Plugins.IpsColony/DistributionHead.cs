using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.IpsColony;

/// <summary>
/// One 1×1 convolution per output grid over the encoder's map pooled to r×r: the class logits of every
/// cell of every grid, as N×K×Σr² (grids in order, cells row-major).
/// </summary>
public sealed class DistributionHead : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Conv2d> perGrid;
    private readonly int[] grids;

    /// <summary>Creates the head.</summary>
    public DistributionHead(int featureChannels, int classes, IReadOnlyList<int> grids) : base(nameof(DistributionHead))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        this.grids = grids.ToArray();
        perGrid = nn.ModuleList(this.grids.Select(_ => nn.Conv2d(featureChannels, classes, kernel_size: 1)).ToArray());
        ClassCount = classes;
        RegisterComponents();
    }

    /// <summary>Classes K.</summary>
    public int ClassCount { get; }

    /// <summary>N×C×h×w features to N×K×Σr² logits.</summary>
    public override Tensor forward(Tensor features)
    {
        var parts = new Tensor[grids.Length];
        try
        {
            for (int g = 0; g < grids.Length; g++)
            {
                // Average pooling makes a coarse cell's features the mean of the finer ones it holds, as
                // its class distribution is the mean of theirs.
                using var pooled = nn.functional.adaptive_avg_pool2d(features, new long[] { grids[g], grids[g] });
                using var logits = perGrid[g].call(pooled);
                parts[g] = logits.flatten(2);
            }
            return torch.cat(parts, 2);
        }
        finally
        {
            foreach (var part in parts) part?.Dispose();
        }
    }
}
