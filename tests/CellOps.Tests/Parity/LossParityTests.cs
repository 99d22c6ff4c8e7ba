using CellOps.Plugins.IpsColony;
using CellOps.Tests.Runtime;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CellOps.Tests.Parity;

/// <summary>
/// The losses the built-in plugins train with give PyTorch's value and gradient for the same inputs:
/// cross entropy (with class weights and an ignore index), KL divergence (TorchSharp's kl_div and the
/// IpsColony plugin's DistributionLoss), BCE with logits, L1.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class LossParityTests(ITestOutputHelper output)
{
    private readonly ParityAssert check = new(output);

    private void CheckLoss(string caseName, Func<ParityFixture, Tensor, Tensor> loss, string inputName = "input")
    {
        using var scope = NewDisposeScope();
        var fixture = ParityFixture.Load(caseName);
        var input = fixture.Float(inputName).requires_grad_(true);
        var value = loss(fixture, input);
        check.Close(value.reshape(1), fixture.Float("loss"), $"{caseName} loss");
        value.backward();
        check.Close(input.grad!, fixture.Float("dinput"), $"{caseName} d{inputName}");
        check.Summary(caseName);
    }

    [Fact]
    public void Cross_entropy_matches_PyTorch() =>
        CheckLoss("cross_entropy", (f, input) => F.cross_entropy(input, f.Long("target")));

    [Fact]
    public void Cross_entropy_with_class_weights_and_PyTorch_default_ignore_index_matches_PyTorch() =>
        CheckLoss("cross_entropy_weight_ignore_default", (f, input) => F.cross_entropy(input, f.Long("target"), weight: f.Float("weight")));

    [Fact]
    public void Dense_cross_entropy_with_class_weights_and_an_ignore_index_matches_PyTorch()
    {
        // Mean reduction divides by the summed weights of the counted pixels, as PyTorch's.
        CheckLoss("cross_entropy_dense_weight_ignore255", (f, input) => F.cross_entropy(input, f.Long("target"), weight: f.Float("weight"), ignore_index: 255));
        CheckLoss("cross_entropy_dense_weight_ignore255_sum",
            (f, input) => F.cross_entropy(input, f.Long("target"), weight: f.Float("weight"), ignore_index: 255, reduction: nn.Reduction.Sum));
    }

    [Fact]
    public void Kl_div_matches_PyTorch_when_log_target_is_given_explicitly()
    {
        // TorchSharp's kl_div defaults to log_target: true, PyTorch's F.kl_div to log_target=False:
        // pass it explicitly. Reduction.Mean is PyTorch's "mean" (over every element), not "batchmean".
        CheckLoss("kl_div_mean", (f, input) => F.kl_div(input, f.Float("target"), log_target: false, reduction: nn.Reduction.Mean));
        CheckLoss("kl_div_sum", (f, input) => F.kl_div(input, f.Float("target"), log_target: false, reduction: nn.Reduction.Sum));
        CheckLoss("kl_div_mean_logtarget", (f, input) => F.kl_div(input, f.Float("target"), log_target: true, reduction: nn.Reduction.Mean));
    }

    [Fact]
    public void IpsColony_distribution_loss_matches_the_same_formula_in_PyTorch()
    {
        CheckLoss("distribution_kl", (f, logits) => DistributionLoss.KullbackLeibler(logits, f.Float("target")), "logits");
        CheckLoss("distribution_kl_weighted", (f, logits) => DistributionLoss.KullbackLeibler(logits, f.Float("target"), f.Float("class_weights")), "logits");
    }

    [Fact]
    public void Bce_with_logits_matches_PyTorch_with_and_without_weights()
    {
        CheckLoss("bce_with_logits", (f, input) => F.binary_cross_entropy_with_logits(input, f.Float("target")));
        CheckLoss("bce_with_logits_weight_posweight",
            (f, input) => F.binary_cross_entropy_with_logits(input, f.Float("target"), weight: f.Float("weight"), pos_weights: f.Float("pos_weight")));
    }

    [Fact]
    public void L1_loss_matches_PyTorch()
    {
        CheckLoss("l1_mean", (f, input) => F.l1_loss(input, f.Float("target")));
        CheckLoss("l1_sum", (f, input) => F.l1_loss(input, f.Float("target"), reduction: nn.Reduction.Sum));
    }
}
