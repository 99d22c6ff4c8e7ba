using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.Cardiomyocyte;

/// <summary>
/// The tile CNN: <see cref="Depth"/> <see cref="ConvBlock"/>s whose width starts at
/// <see cref="BaseWidth"/> and doubles per block (capped at <see cref="MaxWidth"/>), global average
/// pooling (so any tile size works), dropout, and a linear head giving one logit per class.
/// </summary>
public sealed class TileClassifierNetwork : nn.Module<Tensor, Tensor>
{
    /// <summary>The widest a block gets, however deep the network.</summary>
    public const int MaxWidth = 256;

    private readonly ModuleList<ConvBlock> blocks;
    private readonly Dropout dropout;
    private readonly Linear head;

    /// <summary>Builds the network with fresh weights on the CPU.</summary>
    /// <param name="inChannels">Input channels (1 for phase contrast).</param>
    /// <param name="classes">Output classes.</param>
    /// <param name="depth">Number of conv blocks (1 or more).</param>
    /// <param name="baseWidth">Channels of the first block.</param>
    /// <param name="dropout">Dropout probability before the head, in [0, 1).</param>
    public TileClassifierNetwork(int inChannels, int classes, int depth, int baseWidth, double dropout)
        : base(nameof(TileClassifierNetwork))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseWidth, 1);
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout must be in [0, 1).");

        Depth = depth;
        BaseWidth = baseWidth;
        Widths = BlockWidths(depth, baseWidth);
        var list = new ConvBlock[depth];
        int channels = inChannels;
        for (int i = 0; i < depth; i++)
        {
            list[i] = new ConvBlock(channels, Widths[i]);
            channels = Widths[i];
        }
        blocks = nn.ModuleList(list);
        this.dropout = nn.Dropout(dropout);
        head = nn.Linear(channels, classes);
        RegisterComponents();
    }

    /// <summary>Number of conv blocks.</summary>
    public int Depth { get; }

    /// <summary>Channels of the first block.</summary>
    public int BaseWidth { get; }

    /// <summary>Output channels of each block.</summary>
    public IReadOnlyList<int> Widths { get; }

    /// <summary>The output channels of each block: <paramref name="baseWidth"/> doubling per block, capped at <see cref="MaxWidth"/>.</summary>
    public static int[] BlockWidths(int depth, int baseWidth)
    {
        var widths = new int[depth];
        long width = baseWidth;
        for (int i = 0; i < depth; i++)
        {
            widths[i] = (int)Math.Min(width, Math.Max(MaxWidth, baseWidth));
            width *= 2;
        }
        return widths;
    }

    /// <summary>N×C×H×W tiles to N×K logits.</summary>
    public override Tensor forward(Tensor input)
    {
        // Each block's output is released once the next block has read it (the caller's input never is).
        Tensor x = input;
        foreach (var block in blocks)
        {
            var next = block.call(x);
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = next;
        }
        using (var features = x)
        using (var pooled = features.mean(new long[] { 2, 3 }))
        using (var dropped = dropout.call(pooled))
        {
            return head.call(dropped);
        }
    }
}
