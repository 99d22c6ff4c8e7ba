using CellOps.Plugins.Cardiomyocyte;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Torch;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime;

/// <summary>
/// Loaded models run channels-last on the CPU where the network allows it: the same predictions in
/// another memory order, and networks that need the ordinary order keep it.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ChannelsLastTests
{
    [Fact]
    public void The_tile_classifier_runs_channels_last_with_the_same_probabilities()
    {
        TorchBackend.EnsureLoaded();
        torch.random.manual_seed(3);
        using var network = new TileClassifierNetwork(1, 2, depth: 3, baseWidth: 8, dropout: 0.2);
        network.eval();
        using var tiles = torch.randn(5, 1, 32, 32);
        using var before = TilePredictor.PredictBatch(network, tiles);

        Assert.True(ChannelsLast.TryApply(network, channels: 1, tileSize: 32));

        var weight = network.parameters().First(p => p.dim() == 4);
        Assert.Equal(1, weight.stride(1));
        using var after = TilePredictor.PredictBatch(network, tiles);
        Assert.True(after.allclose(before, rtol: 1e-4, atol: 1e-6), "channels-last changed the probabilities");
    }

    [Fact]
    public void A_network_whose_forward_needs_the_ordinary_order_keeps_it_and_still_predicts()
    {
        TorchBackend.EnsureLoaded();
        using var network = new ViewingNetwork();
        network.eval();
        using var tiles = torch.ones(2, 3, 8, 8);
        using var before = TilePredictor.PredictBatch(network, tiles);

        Assert.False(ChannelsLast.TryApply(network, channels: 3, tileSize: 8));

        Assert.True(network.Convolution.weight!.is_contiguous());
        using var after = TilePredictor.PredictBatch(network, tiles);
        Assert.True(after.allclose(before));
    }

    [Fact]
    public void Training_batches_go_channels_last_only_where_the_network_takes_them_and_the_probe_changes_nothing()
    {
        TorchBackend.EnsureLoaded();
        torch.random.manual_seed(5);
        using var classifier = new TileClassifierNetwork(1, 2, depth: 2, baseWidth: 8, dropout: 0.2);
        classifier.train();
        var statistics = classifier.state_dict().Where(p => p.Key.EndsWith("running_mean", StringComparison.Ordinal)).Select(p => p.Value.clone()).ToList();
        using var batch = torch.randn(4, 1, 32, 32);

        Assert.True(ChannelsLast.AcceptsInput(classifier, batch));

        Assert.True(classifier.training);
        var after = classifier.state_dict().Where(p => p.Key.EndsWith("running_mean", StringComparison.Ordinal)).Select(p => p.Value).ToList();
        for (int i = 0; i < statistics.Count; i++) Assert.True(after[i].allclose(statistics[i], rtol: 0, atol: 0), "the probe moved the batch-norm statistics");

        using var viewing = new ViewingNetwork();
        Assert.False(ChannelsLast.AcceptsInput(viewing, torch.ones(2, 3, 8, 8)));
    }

    [Fact]
    public void The_probe_leaves_a_frozen_part_in_evaluation_mode_while_the_rest_trains()
    {
        TorchBackend.EnsureLoaded();
        using var frozen = new TileClassifierNetwork(1, 2, depth: 2, baseWidth: 8, dropout: 0.2);
        using var network = nn.Sequential(("backbone", frozen), ("head", nn.Linear(2, 2)));
        network.train();
        frozen.eval();
        using var batch = torch.randn(4, 1, 32, 32);

        ChannelsLast.AcceptsInput(network, batch);

        Assert.True(network.training);
        Assert.False(frozen.training);
        Assert.All(frozen.modules(), m => Assert.False(m.training));
    }

    [Fact]
    public void Layout_keeps_values_and_shape_and_sets_channels_last_strides_even_for_one_channel()
    {
        TorchBackend.EnsureLoaded();
        using var one = torch.arange(Scalars.Of(0L), Scalars.Of(2L * 1 * 3 * 4), Scalars.One, dtype: ScalarType.Float32).reshape(2, 1, 3, 4);
        using var relaid = ChannelsLast.Layout(one);
        Assert.Equal(new long[] { 2, 1, 3, 4 }, relaid.shape);
        Assert.Equal(new long[] { 12, 1, 4, 1 }, relaid.stride());
        Assert.True(relaid.allclose(one, rtol: 0, atol: 0));

        using var many = torch.arange(Scalars.Of(0L), Scalars.Of(2L * 3 * 2 * 2), Scalars.One, dtype: ScalarType.Float32).reshape(2, 3, 2, 2);
        using var relaidMany = ChannelsLast.Layout(many);
        Assert.Equal(new long[] { 12, 1, 6, 3 }, relaidMany.stride());
        Assert.True(relaidMany.allclose(many, rtol: 0, atol: 0));
    }

    /// <summary>A network that flattens its feature map with view, which the channels-last order does not allow.</summary>
    private sealed class ViewingNetwork : nn.Module<Tensor, Tensor>
    {
        public ViewingNetwork() : base(nameof(ViewingNetwork))
        {
            Convolution = nn.Conv2d(3, 4, 3, padding: 1);
            Head = nn.Linear(4 * 8 * 8, 2);
            RegisterComponents();
        }

        public TorchSharp.Modules.Conv2d Convolution { get; }

        public TorchSharp.Modules.Linear Head { get; }

        public override Tensor forward(Tensor input)
        {
            using var features = Convolution.call(input);
            using var flat = features.view(input.shape[0], -1);
            return Head.call(flat);
        }
    }
}
