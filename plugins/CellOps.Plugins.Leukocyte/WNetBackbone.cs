using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.Leukocyte;

/// <summary>
/// W-Net's feature extractor: <see cref="Depth"/> convolution blocks whose width starts at
/// <see cref="BaseWidth"/> and doubles per block, then global average pooling to one feature vector
/// per cell. What transfer learning carries from one task to the next.
/// </summary>
public sealed class WNetBackbone : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<WNetConvBlock> blocks;

    /// <summary>Builds the extractor with fresh weights.</summary>
    /// <param name="inChannels">Input channels (3 for RGB crops).</param>
    /// <param name="depth">Convolution blocks, at least 1.</param>
    /// <param name="baseWidth">Channels of the first block.</param>
    /// <param name="normalization">What follows each convolution.</param>
    public WNetBackbone(int inChannels, int depth, int baseWidth, WNetNormalization normalization = WNetNormalization.None) : base(nameof(WNetBackbone))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseWidth, 1);
        Depth = depth;
        BaseWidth = baseWidth;
        var list = new WNetConvBlock[depth];
        int channels = inChannels, width = baseWidth;
        for (int i = 0; i < depth; i++)
        {
            list[i] = new WNetConvBlock(channels, width, normalization);
            channels = width;
            width *= 2;
        }
        FeatureCount = channels;
        blocks = nn.ModuleList(list);
        RegisterComponents();
    }

    /// <summary>Number of convolution blocks.</summary>
    public int Depth { get; }

    /// <summary>Channels of the first block.</summary>
    public int BaseWidth { get; }

    /// <summary>Length of the feature vector: the last block's channels.</summary>
    public int FeatureCount { get; }

    /// <summary>N×C×H×W crops to N×<see cref="FeatureCount"/> features.</summary>
    public override Tensor forward(Tensor input)
    {
        Tensor x = input;
        foreach (var block in blocks)
        {
            var next = block.call(x);
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = next;
        }
        using (x)
        {
            // Averaging over the map makes the features independent of the input size.
            return x.mean(new long[] { 2, 3 });
        }
    }
}
