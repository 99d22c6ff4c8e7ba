using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.CancerStemCell;

/// <summary>pix2pix's initial weights: convolutions N(0, 0.02) with zero biases; batch-norm scales N(1, 0.02), shifts 0.</summary>
internal static class Pix2PixInit
{
    /// <summary>Initialises every convolution and batch norm of <paramref name="module"/> in place.</summary>
    public static void Apply(nn.Module module)
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    nn.init.normal_(conv.weight, 0, 0.02);
                    if (conv.bias is { } convBias) nn.init.zeros_(convBias);
                    break;
                case ConvTranspose2d transposed:
                    nn.init.normal_(transposed.weight, 0, 0.02);
                    if (transposed.bias is { } transposedBias) nn.init.zeros_(transposedBias);
                    break;
                case BatchNorm norm:
                    nn.init.normal_(norm.weight, 1, 0.02);
                    nn.init.zeros_(norm.bias);
                    break;
            }
        }
    }
}
