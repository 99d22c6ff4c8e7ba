using CellOps.Plugins.CancerStemCell;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;
using CellOps.Tests.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using H = CellOps.Plugins.CancerStemCell.TranslationHyperParameters;

namespace CellOps.Tests.Plugins.CancerStemCell;

[Collection(TorchCollection.Name)]
public sealed class TranslationLoopTests
{
    public TranslationLoopTests() => TorchBackend.EnsureLoaded();

    private static ICustomTrainingModel ModelNamed(string name) =>
        (ICustomTrainingModel)new CancerStemCellPlugin().Models.Single(m => m.Name == name);

    // Two random tiles and, as their images, tanh of each pixel: a map the U-Net can learn through its skips.
    private static (Tensor Inputs, Tensor Targets) Pair(int targetChannels = 1)
    {
        torch.manual_seed(11);
        var inputs = torch.randn(2, 1, 128, 128);
        var targets = inputs.tanh().expand(2, targetChannels, 128, 128).contiguous();
        return (inputs, targets);
    }

    private static FixedPairContext Context(ICellModel model, int epochs, bool validate = true, int targetChannels = 1, params (string, double)[] more)
    {
        var (inputs, targets) = Pair(targetChannels);
        return new FixedPairContext(model, TinyWidths.For(model, more), inputs, targets, epochs, validate);
    }

    private static nn.Module<Tensor, Tensor> Build(ICellModel model, FixedPairContext context, int outputChannels = 1)
    {
        torch.manual_seed(3);
        return ((IImageTranslationModel)model).CreateNetwork(context.HyperParameters, 1, outputChannels);
    }

    [Theory]
    [InlineData("Pix2Pix", "Batch")]
    [InlineData("Pix2Pix", "Instance")]
    [InlineData("UNetL1", "Batch")]
    public void A_few_steps_on_a_fixed_pair_lower_the_L1_distance_to_its_target(string name, string norm)
    {
        var model = ModelNamed(name);
        // Ten times pix2pix's learning rate, so that a few steps show the trend (observed: l1 0.56 -> 0.47 in 25 steps).
        using var context = Context(model, epochs: 25, more: new[] { (H.Norm, norm == "Batch" ? 0.0 : 1.0), (H.LearningRate, 2e-3) });
        using var network = Build(model, context);

        model.Train(network, context);

        var first = context.Ended[0];
        var last = context.Ended[^1];
        string seen = $"l1 {first["l1"]:0.0000} -> {last["l1"]:0.0000}, val_l1 {first["val_l1"]:0.0000} -> {last["val_l1"]:0.0000}";
        Assert.Equal(25, context.Ended.Count);
        Assert.True(last["l1"] < 0.9 * first["l1"], seen);
        Assert.True(last["val_l1"] < first["val_l1"], seen);
        Assert.False(network.training, "the loop leaves the network as it predicts");
    }

    [Fact]
    public void Pix2Pix_keeps_both_optimisers_and_reports_the_adversarial_metrics_each_epoch()
    {
        var model = ModelNamed("Pix2Pix");
        using var context = Context(model, epochs: 2);
        using var gan = (Pix2PixNetwork)Build(model, context);
        var before = gan.Discriminator.parameters().Select(p => p.clone()).ToList();

        model.Train(gan, context);

        Assert.Equal(new[] { "generator", "discriminator" }, context.Kept);
        Assert.Equal(new[] { (1, 1, 1), (2, 1, 1) }, context.Reports.Select(r => (r.Epoch, r.Batch, r.Batches)));
        foreach (var metrics in context.Ended)
        {
            Assert.Equal(new[] { "d_fake", "d_real", "l1", "loss", "loss_d", "loss_g", "seconds", "val_l1", "val_loss" }, metrics.Keys.Order());
            Assert.Equal(metrics["val_l1"], metrics["val_loss"]);
            Assert.Equal(metrics["loss_g"], metrics["loss"]);
            Assert.InRange(metrics["d_real"], 0, 1);
            Assert.InRange(metrics["d_fake"], 0, 1);
            // The generator's loss holds λ·L1 (λ 100) besides the adversarial term.
            Assert.True(metrics["loss_g"] > 100 * metrics["l1"], $"loss_g {metrics["loss_g"]}, l1 {metrics["l1"]}");
        }
        Assert.All(gan.Discriminator.parameters().Zip(before), p => Assert.False(p.First.equal(p.Second).all().item<bool>(), "the discriminator should learn"));
    }

    [Fact]
    public void The_baseline_keeps_one_optimiser_and_reports_L1_only()
    {
        var model = ModelNamed("UNetL1");
        using var context = Context(model, epochs: 1);
        using var network = Build(model, context);

        model.Train(network, context);

        Assert.Equal(new[] { "generator" }, context.Kept);
        var metrics = Assert.Single(context.Ended);
        Assert.Equal(new[] { "l1", "loss", "loss_g", "seconds", "val_l1", "val_loss" }, metrics.Keys.Order());
        Assert.Equal(metrics["l1"], metrics["loss"]);
    }

    [Fact]
    public void Without_validation_tiles_there_is_no_validation_loss_for_early_stopping_to_watch()
    {
        var model = ModelNamed("Pix2Pix");
        using var context = Context(model, epochs: 1, validate: false);
        using var network = Build(model, context);
        model.Train(network, context);
        Assert.DoesNotContain("val_loss", Assert.Single(context.Ended).Keys);
    }

    [Fact]
    public void Several_target_channels_train_a_generator_built_for_them()
    {
        var model = ModelNamed("Pix2Pix");
        using var context = Context(model, epochs: 1, targetChannels: 3);
        using var network = Build(model, context, outputChannels: 3);
        model.Train(network, context);
        Assert.Single(context.Ended);
    }

    [Fact]
    public void A_stop_request_ends_the_run_after_the_current_batch_without_recording_the_epoch()
    {
        var model = ModelNamed("Pix2Pix");
        var (inputs, targets) = Pair();
        using var context = new FixedPairContext(model, TinyWidths.For(model), inputs, targets, epochs: 5) { StopAfterFirstReport = true };
        using var network = Build(model, context);

        model.Train(network, context);

        Assert.Single(context.Reports);
        Assert.Empty(context.Ended);
    }

    [Fact]
    public void Tiles_without_image_targets_or_with_other_channels_than_the_network_makes_are_refused()
    {
        var model = ModelNamed("UNetL1");
        var (inputs, _) = Pair();
        using (var noTargets = new FixedPairContext(model, TinyWidths.For(model), inputs, null, epochs: 1))
        using (var network = Build(model, noTargets))
        {
            var error = Assert.Throws<ArgumentException>(() => model.Train(network, noTargets));
            Assert.Contains("image targets (TileTarget.Image)", error.Message);
        }
        using (var twoChannels = Context(model, epochs: 1, targetChannels: 2))
        using (var network = Build(model, twoChannels, outputChannels: 1))
        {
            var error = Assert.Throws<ArgumentException>(() => model.Train(network, twoChannels));
            Assert.Contains("built for 1 target channel(s)", error.Message);
        }
        using (var context = Context(ModelNamed("Pix2Pix"), epochs: 1))
        using (var generator = Build(model, context))
        {
            var error = Assert.Throws<ArgumentException>(() => ModelNamed("Pix2Pix").Train(generator, context));
            Assert.Contains("Pix2PixNetwork", error.Message);
        }
    }
}
