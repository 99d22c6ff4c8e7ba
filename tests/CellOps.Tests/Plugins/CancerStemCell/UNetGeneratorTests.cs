using CellOps.Plugins.CancerStemCell;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;
using CellOps.Sdk.Torch;
using CellOps.Tests.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Plugins.CancerStemCell;

[Collection(TorchCollection.Name)]
public sealed class UNetGeneratorTests
{
    public UNetGeneratorTests() => TorchBackend.EnsureLoaded();

    private static long Parameters(nn.Module module) => module.parameters().Sum(p => p.numel());

    [Theory]
    [InlineData(1, 1, 7, 128)]
    [InlineData(3, 2, 7, 128)]
    [InlineData(13, 3, 5, 64)]
    [InlineData(2, 1, 3, 40)]
    public void The_generator_maps_N_C_H_W_tiles_to_N_C_prime_H_W_images_for_any_channel_counts(int inputChannels, int outputChannels, int depth, int size)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new UNetGenerator(inputChannels, outputChannels, width: 2, depth, dropout: 0.5, FeatureNorm.Batch);
        generator.eval();
        var images = generator.call(torch.randn(2, inputChannels, size, size));
        Assert.Equal(new long[] { 2, outputChannels, size, size }, images.shape);
    }

    [Fact]
    public void Both_models_build_for_the_data_channels_and_their_one_argument_form_for_the_declared_input_and_one_output()
    {
        using var scope = torch.NewDisposeScope();
        foreach (IImageTranslationModel model in new CancerStemCellPlugin().Models)
        {
            var values = TinyWidths.Resolve(model);
            var network = model.CreateNetwork(values, 13, 3);
            network.eval();
            Assert.Equal(new long[] { 1, 3, 128, 128 }, network.call(torch.randn(1, 13, 128, 128)).shape);
            var plain = model.CreateNetwork(values);
            plain.eval();
            Assert.Equal(new long[] { 1, 1, 128, 128 }, plain.call(torch.randn(1, model.Input.Channels, 128, 128)).shape);
        }
    }

    [Fact]
    public void Outputs_stay_within_the_tanh_range_the_models_declare()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new UNetGenerator(1, 2, width: 4, depth: 7, dropout: 0.5, FeatureNorm.Batch);
        // Large weights and inputs drive tanh to its limits; nothing may pass them.
        using (torch.no_grad())
        {
            foreach (var p in generator.parameters()) p.mul_(Scalars.Of(50L));
        }
        generator.eval();
        var images = generator.call(torch.randn(3, 1, 128, 128).mul_(Scalars.Of(100L)));
        Assert.True(images.min().item<float>() >= -1f && images.max().item<float>() <= 1f);
        Assert.True(images.abs().max().item<float>() > 0.99f, "the test should reach tanh's limits");
        Assert.Equal(OutputRange.Tanh, new Pix2PixModel().OutputRange);
        Assert.Equal(OutputRange.Tanh, new UNetL1Model().OutputRange);
    }

    [Theory]
    [InlineData(7, new[] { "up.4.dropout", "up.5.dropout" })]
    [InlineData(8, new[] { "up.4.dropout", "up.5.dropout", "up.6.dropout" })]
    [InlineData(5, new string[0])]
    public void Dropout_follows_the_decoder_steps_of_eight_times_the_width_below_the_innermost_as_pix2pix(int depth, string[] expected)
    {
        using var generator = new UNetGenerator(1, 1, width: 2, depth, dropout: 0.3, FeatureNorm.Batch);
        var dropouts = generator.named_modules().Where(m => m.module is Dropout).ToList();
        Assert.Equal(expected, dropouts.Select(m => m.name));
        Assert.All(dropouts, m => Assert.Equal(0.3, ((Dropout)m.module).p));
        // Each of them sits where the decoder has 8·width channels.
        Assert.All(expected, name => Assert.Equal(8 * 2, generator.Channels(int.Parse(name.Split('.')[1]) - 1)));
    }

    [Fact]
    public void Dropout_acts_in_training_only()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        var input = torch.randn(2, 1, 128, 128);
        var generator = new UNetGenerator(1, 1, width: 2, depth: 7, dropout: 0.5, FeatureNorm.Instance);
        generator.eval();
        Assert.True(generator.call(input).equal(generator.call(input)).all().item<bool>(), "evaluation must be deterministic");
        generator.train();
        Assert.False(generator.call(input).equal(generator.call(input)).all().item<bool>(), "training passes should drop different units");
        var noDropout = new UNetGenerator(1, 1, width: 2, depth: 7, dropout: 0, FeatureNorm.Instance);
        noDropout.train();
        Assert.True(noDropout.call(input).equal(noDropout.call(input)).all().item<bool>(), "without dropout training passes agree");
    }

    [Fact]
    public void The_outermost_skip_connection_carries_single_pixel_detail_to_the_output_even_with_the_deeper_path_cut()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new UNetGenerator(1, 1, width: 4, depth: 7, dropout: 0.5, FeatureNorm.Batch);
        // Zero the second decoder step's weights: all that reaches the last step from below is then a
        // constant, and only the first encoder map, through its skip connection, carries the input.
        using (torch.no_grad())
        {
            var cut = generator.named_parameters().Single(p => p.name == "up.1.conv.weight").parameter;
            cut.zero_();
        }
        generator.eval();
        var input = torch.randn(1, 1, 128, 128);
        var bump = torch.zeros(1, 1, 128, 128);
        bump[0, 0, 40, 40].fill_(Scalars.Of(50L));
        var changed = input.add(bump, Scalars.One);

        var difference = generator.call(changed).add(generator.call(input), Scalars.Of(-1L)).abs()[0, 0];
        // A 4×4 stride-2 convolution and its transpose reach a few pixels around the change, no further.
        Assert.True(difference[TensorIndex.Slice(37, 44), TensorIndex.Slice(37, 44)].max().item<float>() > 1e-4f, "the pixel's neighbourhood should change");
        difference[TensorIndex.Slice(34, 47), TensorIndex.Slice(34, 47)] = torch.zeros(13, 13);
        Assert.Equal(0f, difference.max().item<float>());
    }

    [Theory]
    [InlineData(1, 1, 2, 3, FeatureNorm.Batch, 1535)]
    [InlineData(3, 2, 4, 5, FeatureNorm.Batch, 65742)]
    [InlineData(1, 1, 32, 7, FeatureNorm.Batch, 10458721)]
    [InlineData(1, 1, 32, 7, FeatureNorm.Instance, 10454817)]
    public void Parameter_counts_are_those_of_the_layers_described(int inputChannels, int outputChannels, int width, int depth, FeatureNorm norm, long expected)
    {
        // Counted by hand from the layers in the remarks: 4×4 kernels, biases only where no normalisation
        // follows, a scale and shift per channel of batch norm, none for instance norm. At pix2pix's own
        // sizes (3→3 channels, width 64, depth 8, batch norm) the same count gives its 54.41 M less the
        // 576 biases pix2pix keeps in the two unnormalised encoder convolutions.
        using var generator = new UNetGenerator(inputChannels, outputChannels, width, depth, dropout: 0.5, norm);
        Assert.Equal(expected, Parameters(generator));
    }

    [Fact]
    public void A_tile_whose_sides_are_not_multiples_of_two_to_the_depth_is_refused_with_the_sizes()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new UNetGenerator(1, 1, width: 2, depth: 7, dropout: 0.5, FeatureNorm.Batch);
        var error = Assert.Throws<ArgumentException>(() => generator.call(torch.randn(1, 1, 96, 96)));
        Assert.Contains("multiples of 128", error.Message);
        Assert.Contains("96×96", error.Message);
        var channels = Assert.Throws<ArgumentException>(() => generator.call(torch.randn(1, 2, 128, 128)));
        Assert.Contains("1 input channel", channels.Message);
    }
}
