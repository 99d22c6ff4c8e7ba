using CellOps.Sdk.Torch;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Sdk;

public class SgdTests
{
    // loss = Σ c·w has the constant gradient c, so every step can be worked out by hand.
    private static float[] Run(Func<IEnumerable<TorchSharp.Modules.Parameter>, optim.Optimizer> make, int steps)
    {
        using var scope = torch.NewDisposeScope();
        var weight = new TorchSharp.Modules.Parameter(torch.tensor(new float[] { 1f, -2f }));
        var slope = torch.tensor(new float[] { 0.5f, 2f });
        using var optimizer = make(new[] { weight });
        for (int i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            weight.mul(slope).sum().backward();
            optimizer.step();
        }
        return weight.detach().data<float>().ToArray();
    }

    [Fact]
    public void Plain_SGD_steps_against_the_gradient()
    {
        var w = Run(p => Optimizers.SGD(p, lr: 0.1), 3);
        Assert.Equal(1f - 3 * 0.1f * 0.5f, w[0], 5);
        Assert.Equal(-2f - 3 * 0.1f * 2f, w[1], 5);
    }

    [Fact]
    public void Momentum_dampening_and_weight_decay_follow_PyTorchs_update()
    {
        // PyTorch: g ← g + λw; buf ← g on the first step, else μ·buf + (1 − d)·g; w ← w − lr·buf.
        double lr = 0.1, mu = 0.9, d = 0.2, decay = 0.01;
        double[] w = { 1, -2 }, c = { 0.5, 2 }, buf = new double[2];
        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < 2; i++)
            {
                double g = c[i] + decay * w[i];
                buf[i] = step == 0 ? g : mu * buf[i] + (1 - d) * g;
                w[i] -= lr * buf[i];
            }
        }
        var got = Run(p => Optimizers.SGD(p, lr, momentum: mu, dampening: d, weightDecay: decay), 3);
        Assert.Equal(w[0], got[0], 5);
        Assert.Equal(w[1], got[1], 5);
    }

    [Fact]
    public void Nesterov_looks_ahead_along_the_momentum()
    {
        double lr = 0.1, mu = 0.9;
        double[] w = { 1, -2 }, c = { 0.5, 2 }, buf = new double[2];
        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < 2; i++)
            {
                buf[i] = step == 0 ? c[i] : mu * buf[i] + c[i];
                w[i] -= lr * (c[i] + mu * buf[i]);
            }
        }
        var got = Run(p => Optimizers.SGD(p, lr, momentum: mu, nesterov: true), 3);
        Assert.Equal(w[0], got[0], 5);
        Assert.Equal(w[1], got[1], 5);
    }
}
