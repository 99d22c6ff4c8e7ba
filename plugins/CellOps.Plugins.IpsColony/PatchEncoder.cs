using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.IpsColony;

/// <summary>
/// Three <see cref="ConvStage"/>s, each followed by 2×2 max pooling: a 64×64 patch becomes an 8×8 map
/// of 4·width features. The backbone of the class-distribution and patch-classification networks.
/// </summary>
public sealed class PatchEncoder : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<ConvStage> stages;
    private readonly MaxPool2d pool;

    /// <summary>Creates the encoder.</summary>
    public PatchEncoder(int inChannels, int width) : base(nameof(PatchEncoder))
    {
        stages = nn.ModuleList(new ConvStage(inChannels, width), new ConvStage(width, 2 * width), new ConvStage(2 * width, 4 * width));
        pool = nn.MaxPool2d(kernel_size: 2, stride: 2);
        FeatureChannels = 4 * width;
        RegisterComponents();
    }

    /// <summary>Channels of the output map.</summary>
    public int FeatureChannels { get; }

    /// <summary>Each stage's map is one eighth of the input's side.</summary>
    public const int Reduction = 8;

    /// <summary>N×C×H×W to N×(4·width)×H/8×W/8.</summary>
    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var stage in stages)
        {
            using var convolved = stage.call(x);
            var pooled = pool.call(convolved);
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = pooled;
        }
        return x;
    }
}
