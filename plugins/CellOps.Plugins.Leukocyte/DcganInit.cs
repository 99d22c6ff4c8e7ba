using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Plugins.Leukocyte;

/// <summary>DCGAN's weight initialisation: convolutions N(0, 0.02); batch-norm scales N(1, 0.02), shifts 0.</summary>
internal static class DcganInit
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
                    break;
                case ConvTranspose2d transposed:
                    nn.init.normal_(transposed.weight, 0, 0.02);
                    break;
                case BatchNorm norm:
                    nn.init.normal_(norm.weight, 1, 0.02);
                    nn.init.zeros_(norm.bias);
                    break;
            }
        }
    }
}
