using CellOps.Sdk.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.NeuralFate;

/// <summary>The identity path of a residual block: how the input joins the block's output.</summary>
internal static class ResNetShortcut
{
    /// <summary>
    /// A strided 1×1 convolution and batch norm (torchvision's <c>downsample</c>) where the block changes
    /// the map's size or width, else null: the input is added as it is.
    /// </summary>
    public static Sequential? Projection(int inChannels, int outChannels, int stride) =>
        stride == 1 && inChannels == outChannels
            ? null
            : nn.Sequential(
                ("0", nn.Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, bias: false)),
                ("1", (nn.Module<Tensor, Tensor>)Layers.BatchNorm2d(outChannels)));

    /// <summary>Adds the (projected) input to <paramref name="output"/> in place and applies ReLU; returns <paramref name="output"/>.</summary>
    public static Tensor AddAndActivate(Tensor output, Tensor input, Sequential? projection)
    {
        if (projection is null)
        {
            output.add_(input, Scalars.One);
        }
        else
        {
            using var projected = projection.call(input);
            output.add_(projected, Scalars.One);
        }
        return output.relu_();
    }
}
