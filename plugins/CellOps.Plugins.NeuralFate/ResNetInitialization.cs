using CellOps.Sdk.Torch;
using TorchSharp;
using TorchSharp.Modules;
using BatchNorm2d = CellOps.Sdk.Torch.BatchNorm2d;
using static TorchSharp.torch;

namespace CellOps.Plugins.NeuralFate;

/// <summary>
/// torchvision's ResNet initialisation, so a network trained from scratch here starts as one built in
/// PyTorch does: convolution weights from He's normal distribution scaled by the fan-out (for ReLU),
/// batch-norm scales one and shifts zero (the last norm of a block included: torchvision zeroes it
/// only when asked). The classifier keeps the default initialisation of a linear layer, as torchvision's.
/// </summary>
internal static class ResNetInitialization
{
    /// <summary>Initialises every convolution and batch norm of <paramref name="module"/> in place, from torch's generator.</summary>
    public static void Apply(nn.Module module)
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d norm:
                    nn.init.ones_(norm.weight);
                    nn.init.zeros_(norm.bias);
                    break;
            }
        }
    }
}
