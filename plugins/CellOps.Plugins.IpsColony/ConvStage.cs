using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.IpsColony;

/// <summary>Two 3×3 convolutions with ReLU at one resolution: the building block of all three networks.</summary>
/// <remarks>
/// No batch normalisation: a few dozen micrographs give few batches per epoch, too few for running
/// statistics to keep up with the weights, and evaluation would then see other activations than training.
/// </remarks>
public sealed class ConvStage : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d first;
    private readonly Conv2d second;

    /// <summary>Creates a stage.</summary>
    public ConvStage(int inChannels, int outChannels) : base(nameof(ConvStage))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        first = nn.Conv2d(inChannels, outChannels, kernel_size: 3, padding: 1);
        second = nn.Conv2d(outChannels, outChannels, kernel_size: 3, padding: 1);
        RegisterComponents();
    }

    /// <summary>N×in×H×W to N×out×H×W.</summary>
    public override Tensor forward(Tensor input)
    {
        using var a = first.call(input);
        using var b = nn.functional.relu(a);
        using var c = second.call(b);
        return nn.functional.relu(c);
    }
}
