using CellOps.Sdk.Torch;
using CellOps.Tests.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace CellOps.Tests.Parity;

/// <summary>CellOps' Adam takes the same steps as torch.optim.Adam from the same parameters and gradients.</summary>
[Collection(TorchCollection.Name)]
public sealed class AdamParityTests(ITestOutputHelper output)
{
    private readonly ParityAssert check = new(output);

    [Theory]
    [InlineData("adam_weight_decay")]
    [InlineData("adam_amsgrad")]
    public void Adam_steps_match_PyTorch(string caseName)
    {
        using var scope = NewDisposeScope();
        var fixture = ParityFixture.Load(caseName);
        var p = fixture.Params;
        var betas = p.GetProperty("betas").EnumerateArray().Select(b => b.GetDouble()).ToArray();
        var p1 = new Parameter(fixture.Float("p1_0"));
        var p2 = new Parameter(fixture.Float("p2_0"));
        var adam = Optimizers.Adam([p1, p2], lr: p.GetProperty("lr").GetDouble(), beta1: betas[0], beta2: betas[1],
            eps: p.GetProperty("eps").GetDouble(), weightDecay: p.GetProperty("weight_decay").GetDouble(), amsgrad: p.GetProperty("amsgrad").GetBoolean());
        int steps = p.GetProperty("steps").GetInt32();
        for (int step = 1; step <= steps; step++)
        {
            adam.zero_grad();
            // Gradients of Σ p1·g1 + Σ p2·g2 are exactly g1 and g2.
            p1.mul(fixture.Float($"g1_{step}")).sum().add(p2.mul(fixture.Float($"g2_{step}")).sum(), Scalars.One).backward();
            adam.step();
            check.Close(p1, fixture.Float($"p1_{step}"), $"{caseName} step {step} p1");
            check.Close(p2, fixture.Float($"p2_{step}"), $"{caseName} step {step} p2");
        }
        check.Summary(caseName);
    }
}
