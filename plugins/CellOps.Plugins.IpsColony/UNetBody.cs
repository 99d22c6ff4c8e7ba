using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.IpsColony;

/// <summary>The U-Net's encoder and decoder: N×C×H×W to N×width×H×W features (H and W divisible by 4).</summary>
public sealed class UNetBody : nn.Module<Tensor, Tensor>
{
    private readonly ConvStage down1, down2, bottom, up2, up1;
    private readonly ConvTranspose2d lift2, lift1;
    private readonly MaxPool2d pool;

    /// <summary>Creates the body.</summary>
    public UNetBody(int inChannels, int width) : base(nameof(UNetBody))
    {
        down1 = new ConvStage(inChannels, width);
        down2 = new ConvStage(width, 2 * width);
        bottom = new ConvStage(2 * width, 4 * width);
        lift2 = nn.ConvTranspose2d(4 * width, 2 * width, kernel_size: 2, stride: 2);
        up2 = new ConvStage(4 * width, 2 * width);
        lift1 = nn.ConvTranspose2d(2 * width, width, kernel_size: 2, stride: 2);
        up1 = new ConvStage(2 * width, width);
        pool = nn.MaxPool2d(kernel_size: 2, stride: 2);
        OutputChannels = width;
        RegisterComponents();
    }

    /// <summary>Channels of the output features.</summary>
    public int OutputChannels { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var skip1 = down1.call(input);
        var skip2 = down2.call(pool.call(skip1));
        var deepest = bottom.call(pool.call(skip2));
        var joined2 = up2.call(torch.cat(new[] { lift2.call(deepest), skip2 }, 1));
        var joined1 = up1.call(torch.cat(new[] { lift1.call(joined2), skip1 }, 1));
        return joined1.MoveToOuterDisposeScope();
    }
}
