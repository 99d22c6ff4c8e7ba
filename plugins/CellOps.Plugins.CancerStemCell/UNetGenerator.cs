using CellOps.Sdk.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.CancerStemCell;

/// <summary>
/// pix2pix's U-Net generator: an encoder of <see cref="Depth"/> 4×4 convolutions of stride 2, each halving
/// the map, down to a bottleneck (1×1 for a 128-pixel tile at depth 7), and a decoder of as many 4×4
/// transposed convolutions of stride 2 back to full size, where every decoder step also takes the encoder's
/// map of the same size (the skip connections that carry fine detail past the bottleneck). The last step
/// gives <see cref="OutputChannels"/> images through tanh, in −1..1.
/// </summary>
/// <remarks>
/// <para>As pix2pix: encoder step i has width·2^i channels, at most 8·width; each encoder step after the
/// first starts with a leaky ReLU (slope 0.2), each decoder step with a ReLU; every convolution is
/// followed by normalisation except the first and the innermost encoder steps and the last decoder step;
/// dropout follows the decoder steps of 8·width channels below the innermost (two at depth 7, three at
/// pix2pix's depth 8). Convolutions that a normalisation follows have no bias (it would be cancelled).</para>
/// <para>Layers are registered as <c>down.i.*</c> and <c>up.i.*</c>, i = 0 the outermost.</para>
/// </remarks>
public sealed class UNetGenerator : nn.Module<Tensor, Tensor>
{
    /// <summary>The outermost decoder step that may have dropout: the first whose output has 8·width channels, as in pix2pix.</summary>
    private const int FirstDropoutLevel = 4;

    private readonly ModuleList<Sequential> down = new();
    private readonly ModuleList<Sequential> up = new();

    /// <summary>Builds the generator with pix2pix's initial weights on the CPU.</summary>
    /// <param name="inputChannels">Channels of the input tiles.</param>
    /// <param name="outputChannels">Channels of the images it makes.</param>
    /// <param name="width">Channels of the first encoder map (pix2pix's ngf); doubles per step up to 8·width.</param>
    /// <param name="depth">Encoder steps; tiles must be a multiple of 2^depth pixels on each side.</param>
    /// <param name="dropout">Dropout probability in the deep decoder steps (active only in training).</param>
    /// <param name="norm">The feature normalisation.</param>
    public UNetGenerator(int inputChannels, int outputChannels, int width, int depth, double dropout, FeatureNorm norm)
        : base(nameof(UNetGenerator))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, 12);
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout must be at least 0 and below 1.");
        (InputChannels, OutputChannels, Width, Depth, Dropout, Norm) = (inputChannels, outputChannels, width, depth, dropout, norm);

        for (int i = 0; i < depth; i++)
        {
            bool normed = i > 0 && i < depth - 1;
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
            if (i > 0) layers.Add(("act", Layers.LeakyReLU(0.2)));
            layers.Add(("conv", nn.Conv2d(i == 0 ? inputChannels : Channels(i - 1), Channels(i), kernel_size: 4, stride: 2, padding: 1L, bias: !normed)));
            if (normed) layers.Add(("norm", NormLayer.Create(norm, Channels(i))));
            down.Add(nn.Sequential(layers));
        }
        for (int i = 0; i < depth; i++)
        {
            bool outermost = i == 0;
            int inChannels = i == depth - 1 ? Channels(i) : 2 * Channels(i);
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>
            {
                ("act", nn.ReLU()),
                ("conv", nn.ConvTranspose2d(inChannels, outermost ? outputChannels : Channels(i - 1), kernel_size: 4, stride: 2, padding: 1, bias: outermost)),
            };
            if (outermost) layers.Add(("tanh", nn.Tanh()));
            else layers.Add(("norm", NormLayer.Create(norm, Channels(i - 1))));
            if (HasDropout(i)) layers.Add(("dropout", nn.Dropout(dropout)));
            up.Add(nn.Sequential(layers));
        }
        RegisterComponents();
        GanInitialization.Apply(this);
    }

    /// <summary>Channels of the input tiles.</summary>
    public int InputChannels { get; }

    /// <summary>Channels of the images it makes.</summary>
    public int OutputChannels { get; }

    /// <summary>Channels of the first encoder map.</summary>
    public int Width { get; }

    /// <summary>Encoder (and decoder) steps.</summary>
    public int Depth { get; }

    /// <summary>Dropout probability in the deep decoder steps.</summary>
    public double Dropout { get; }

    /// <summary>The feature normalisation.</summary>
    public FeatureNorm Norm { get; }

    /// <summary>The multiple of which a tile's height and width must be: 2^<see cref="Depth"/>.</summary>
    public int SizeMultiple => 1 << Depth;

    /// <summary>Channels of encoder step <paramref name="level"/>'s map: width·2^level, at most 8·width.</summary>
    public int Channels(int level) => Width * (1 << Math.Min(level, 3));

    /// <summary>Whether decoder step <paramref name="level"/> (0 the outermost) ends with dropout.</summary>
    public bool HasDropout(int level) => level >= FirstDropoutLevel && level <= Depth - 2;

    /// <summary>N×C×H×W tiles (H and W multiples of <see cref="SizeMultiple"/>) to N×C'×H×W images in −1..1.</summary>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);
        using var scope = torch.NewDisposeScope();
        var skips = new Tensor[Depth];
        var x = input;
        for (int i = 0; i < Depth; i++)
        {
            x = down[i].call(x);
            skips[i] = x;
        }
        var y = up[Depth - 1].call(x);
        for (int i = Depth - 2; i >= 0; i--)
        {
            y = up[i].call(torch.cat(new[] { skips[i], y }, 1));
        }
        return y.MoveToOuterDisposeScope();
    }

    private void CheckInput(Tensor input)
    {
        if (input.ndim != 4) throw new ArgumentException($"The U-Net takes N×C×H×W tiles; this input has {input.ndim} dimensions.", nameof(input));
        if (input.shape[1] != InputChannels)
            throw new ArgumentException($"The U-Net was built for {InputChannels} input channel(s); this input has {input.shape[1]}.", nameof(input));
        if (input.shape[2] % SizeMultiple != 0 || input.shape[3] % SizeMultiple != 0)
        {
            throw new ArgumentException($"The U-Net of depth {Depth} takes tiles whose sides are multiples of {SizeMultiple} pixels; " +
                                        $"this one is {input.shape[3]}×{input.shape[2]}.", nameof(input));
        }
    }
}
