using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Sdk.Torch;

/// <summary>
/// The weight initialisation of DCGAN and pix2pix, which their published results depend on:
/// convolution and transposed-convolution weights from N(0, 0.02) with zero biases, batch-norm scales
/// from N(1, 0.02) with zero shifts. Call it at the end of a generator's or discriminator's constructor.
/// </summary>
public static class GanInitialization
{
    /// <summary>Initialises every convolution and batch norm of <paramref name="module"/> in place, from torch's generator.</summary>
    /// <param name="module">The network (its submodules are visited).</param>
    public static void Apply(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
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
