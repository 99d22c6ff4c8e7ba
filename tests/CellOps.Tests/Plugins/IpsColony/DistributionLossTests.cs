using CellOps.Plugins.IpsColony;
using CellOps.Tests.Runtime;
using CellOps.Sdk.Torch;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Plugins.IpsColony;

[Collection(TorchCollection.Name)]
public sealed class DistributionLossTests
{
    // One tile, K = 3, three cells: a mixed cell, a pure cell, and a cell of ignored pixels (all zero).
    private static Tensor Target() => torch.tensor(new float[]
    {
        0.5f, 1, 0,
        0.5f, 0, 0,
        0.0f, 0, 0,
    }).reshape(1, 3, 3);

    [Fact]
    public void A_cell_of_ignored_pixels_never_contributes_to_the_loss()
    {
        using var target = Target();
        using var logits = torch.randn(1, 3, 3).requires_grad_(true);
        using var loss = DistributionLoss.KullbackLeibler(logits, target);
        loss.backward();
        using var grad = logits.grad!;
        // No gradient reaches the ignored cell's logits...
        Assert.Equal(0f, grad[0, TensorIndex.Colon, 2].abs().sum().item<float>());
        // ...and whatever they are, the loss is the same.
        using var changed = logits.detach().clone();
        changed[0, TensorIndex.Colon, 2] = torch.tensor(new float[] { 50, -50, 7 });
        using var again = DistributionLoss.KullbackLeibler(changed, target);
        Assert.Equal(loss.item<float>(), again.item<float>(), 5);
    }

    [Fact]
    public void The_divergence_is_zero_for_the_target_itself_and_positive_otherwise()
    {
        using var target = Target();
        // Logits whose softmax is the target where it has mass (log of the fractions, −∞ approximated).
        using var exact = target.clamp_min(Scalars.Of(1e-9)).log();
        using var zero = DistributionLoss.KullbackLeibler(exact, target);
        Assert.True(Math.Abs(zero.item<float>()) < 1e-4, $"KL of the target itself was {zero.item<float>()}");
        using var flat = torch.zeros(1, 3, 3);
        using var positive = DistributionLoss.KullbackLeibler(flat, target);
        // Mixed cell: KL(½,½,0 ‖ ⅓,⅓,⅓) = ln(3/2); pure cell: ln 3; mean over the two counted cells.
        Assert.Equal((Math.Log(1.5) + Math.Log(3)) / 2, positive.item<float>(), 4);
    }

    [Fact]
    public void Shapes_must_match()
    {
        using var target = Target();
        using var logits = torch.zeros(1, 3, 4);
        Assert.Throws<ArgumentException>(() => DistributionLoss.KullbackLeibler(logits, target));
    }
}
