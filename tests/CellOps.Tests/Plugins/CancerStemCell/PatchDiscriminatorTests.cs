using CellOps.Plugins.CancerStemCell;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;
using CellOps.Sdk.Torch;
using CellOps.Tests.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Plugins.CancerStemCell;

[Collection(TorchCollection.Name)]
public sealed class PatchDiscriminatorTests
{
    public PatchDiscriminatorTests() => TorchBackend.EnsureLoaded();

    [Theory]
    [InlineData(1, 128, 62, 16)]
    [InlineData(2, 128, 30, 34)]
    [InlineData(3, 128, 14, 70)]
    [InlineData(3, 256, 30, 70)]
    [InlineData(4, 128, 6, 142)]
    public void The_PatchGAN_gives_one_logit_per_patch_on_a_grid_and_sees_patches_of_its_receptive_field(
        int layers, int size, int grid, int field)
    {
        using var scope = torch.NewDisposeScope();
        var discriminator = new PatchDiscriminator(3, width: 2, layers, FeatureNorm.Batch);
        var logits = discriminator.call(torch.randn(2, 3, size, size));
        Assert.Equal(new long[] { 2, 1, grid, grid }, logits.shape);
        Assert.Equal(grid, discriminator.GridSize(size));
        Assert.Equal(field, discriminator.ReceptiveField);
    }

    [Fact]
    public void Each_logit_sees_exactly_its_receptive_field()
    {
        using var scope = torch.NewDisposeScope();
        // Batch norm in evaluation mode: instance norm (or batch statistics) would couple every pixel.
        var discriminator = new PatchDiscriminator(2, width: 2, stridedLayers: 3, FeatureNorm.Batch);
        discriminator.eval();
        var input = torch.randn(1, 2, 128, 128).requires_grad_();
        discriminator.call(input)[0, 0, 7, 7].backward();
        // The pixels with a gradient are the square the logit sees.
        var reached = input.grad!.abs().sum(new long[] { 0, 1 }).gt(Scalars.Of(0L)).nonzero();
        var (y, x) = (reached.select(1, 0), reached.select(1, 1));
        long rows = y.max().item<long>() - y.min().item<long>() + 1;
        long columns = x.max().item<long>() - x.min().item<long>() + 1;
        Assert.Equal((70L, 70L), (rows, columns));
    }

    [Fact]
    public void The_default_Pix2Pix_network_keeps_the_70_pixel_PatchGAN_on_the_tile_beside_its_image()
    {
        using var scope = torch.NewDisposeScope();
        var model = new Pix2PixModel();
        var gan = (Pix2PixNetwork)model.CreateNetwork(TinyWidths.Resolve(model), 3, 2);
        Assert.Equal((5, 70), (gan.Discriminator.Channels, gan.Discriminator.ReceptiveField));
        var input = torch.randn(2, 3, 128, 128);
        Assert.Equal(new long[] { 2, 1, 14, 14 }, gan.Judge(input, gan.call(input)).shape);
        // The package keeps both halves.
        var names = gan.state_dict().Keys.ToList();
        Assert.Contains(names, n => n.StartsWith("generator.", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("discriminator.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2, 2, 2, FeatureNorm.Batch, 859)]
    [InlineData(5, 4, 3, FeatureNorm.Batch, 11701)]
    [InlineData(2, 32, 3, FeatureNorm.Batch, 694177)]
    [InlineData(2, 32, 3, FeatureNorm.Instance, 693281)]
    public void Parameter_counts_are_those_of_the_layers_described(int channels, int width, int layers, FeatureNorm norm, long expected)
    {
        // Counted by hand: 4×4 kernels, biases on the first and last convolutions only, a scale and shift
        // per channel of batch norm. At pix2pix's sizes (6 channels, width 64, 3 layers) the count is its 2.769 M.
        using var discriminator = new PatchDiscriminator(channels, width, layers, norm);
        Assert.Equal(expected, discriminator.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void An_input_without_the_image_beside_it_is_refused()
    {
        using var scope = torch.NewDisposeScope();
        var discriminator = new PatchDiscriminator(4, width: 2, stridedLayers: 3, FeatureNorm.Batch);
        var error = Assert.Throws<ArgumentException>(() => discriminator.call(torch.randn(1, 3, 128, 128)));
        Assert.Contains("N×4×H×W", error.Message);
    }
}
