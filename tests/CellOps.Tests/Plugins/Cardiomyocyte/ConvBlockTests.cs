using CellOps.Plugins.Cardiomyocyte;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Torch;
using CellOps.Tests.Runtime;
using CellOps.Sdk.Torch;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Plugins.Cardiomyocyte;

/// <summary>In evaluation mode a conv block folds its batch norm into the convolution: the same function, computed in one pass fewer.</summary>
[Collection(TorchCollection.Name)]
public sealed class ConvBlockTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Evaluation_gives_what_conv_batch_norm_relu_pool_give(bool channelsLast)
    {
        TorchBackend.EnsureLoaded();
        torch.random.manual_seed(11);
        using var block = new ConvBlock(3, 8);
        // A few training batches give the batch norm running statistics and, with a step, non-trivial affine parameters.
        using (var optimizer = Optimizers.SGD(block.parameters(), 0.1))
        {
            block.train();
            for (int i = 0; i < 3; i++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                block.call(torch.randn(4, 3, 9, 9).mul_(Scalars.Of(2L)).add_(Scalars.One, Scalars.One)).sum().backward();
                optimizer.step();
            }
        }
        block.eval();
        if (channelsLast) ChannelsLast.Apply(block);
        var state = block.state_dict();
        using var input = torch.randn(5, 3, 9, 9);

        using var folded = block.call(input);

        using var convolved = nn.functional.conv2d(input, state["conv.weight"], padding: new long[] { 1, 1 });
        using var normalised = nn.functional.batch_norm(convolved, state["norm.running_mean"], state["norm.running_var"],
            state["norm.weight"], state["norm.bias"], training: false, momentum: 0.1, eps: 1e-5);
        using var activated = nn.functional.relu(normalised);
        using var expected = nn.functional.max_pool2d(activated, new long[] { 2, 2 }, new long[] { 2, 2 }, ceil_mode: true);
        Assert.Equal(expected.shape, folded.shape);
        Assert.True(folded.allclose(expected, rtol: 1e-4, atol: 1e-5), "the folded evaluation differs from conv, batch norm, ReLU, pool");
    }

    [Fact]
    public void Training_mode_still_normalises_with_the_batch_statistics()
    {
        TorchBackend.EnsureLoaded();
        torch.random.manual_seed(12);
        using var block = new ConvBlock(1, 4);
        block.train();
        using var output = block.call(torch.randn(6, 1, 8, 8).mul_(Scalars.Of(5L)).add_(Scalars.Of(3L), Scalars.One));
        // Batch-normalised then ReLU'd and max-pooled: the mean is positive but nowhere near the input's scale.
        Assert.InRange(output.mean().item<float>(), 0f, 2f);
    }
}
