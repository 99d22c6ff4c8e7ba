using CellOps.Plugins.Cardiomyocyte;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Sdk.Torch;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Plugins.Cardiomyocyte;

public class TileClassifierModelTests
{
    private static readonly TileClassifierModel Model = new();

    private static HyperParameterValues Values(int depth, int width, double dropout = 0.3) =>
        HyperParameterValues.Resolve(Model.HyperParameters, new Dictionary<string, double>
        {
            [TileClassifierModel.Depth] = depth,
            [TileClassifierModel.BaseWidth] = width,
            [TileClassifierModel.Dropout] = dropout,
        });

    private static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());

    [Fact]
    public void The_plugin_describes_the_study_and_offers_the_tile_classifier()
    {
        var plugin = new CardiomyocytePlugin();
        Assert.Equal("Cardiomyocyte", plugin.Id);
        Assert.Equal(new Version(0, 1, 0), plugin.Version);
        // The whole reference as declared. It names no journal and no DOI (the plugin gives none).
        Assert.Equal(new StudyReference(
            "A deep learning approach to detect differentiation of ES cell-derived cardiomyocytes",
            "Orita K. et al. (2020). Deep-learning classification of ES cell-derived cardiomyocyte differentiation from " +
            "phase-contrast images, with NKX2.5-GFP reporter fluorescence as the label."), plugin.Study);
        Assert.Equal(new[] { "TileClassifier", "TextureBaseline" }, plugin.Models.Select(m => m.Name));
        var model = plugin.Models[0];
        Assert.IsAssignableFrom<ISupervisedModel>(model);
        Assert.Equal("TileClassifier", model.Name);
        Assert.Equal(ModelTask.TileClassification, model.Task);
        Assert.Equal(TileTarget.Label, model.Target);
        Assert.Equal(new[] { "negative", "positive" }, model.ClassNames);
        Assert.Equal(new InputSpec(64, 1, Normalization.PerTileStandardize), model.Input);
    }

    [Fact]
    public void The_tile_classifier_declares_depth_width_dropout_learning_rate_and_weight_decay_with_ranges()
    {
        var declared = Model.HyperParameters.ToDictionary(p => p.Name);
        Assert.Equal(5, declared.Count);
        void Expect(string name, HyperParameterKind kind, double min, double max, double def)
        {
            var p = declared[name];
            Assert.Equal((kind, min, max, def), (p.Kind, p.Min, p.Max, p.Default));
            Assert.False(string.IsNullOrWhiteSpace(p.Description));
        }
        Expect("Depth", HyperParameterKind.Integer, 2, 6, 4);
        Expect("BaseWidth", HyperParameterKind.Integer, 8, 128, 32);
        Expect("Dropout", HyperParameterKind.Real, 0, 0.7, 0.3);
        Expect("LearningRate", HyperParameterKind.LogReal, 1e-5, 1e-1, 1e-3);
        Expect("WeightDecay", HyperParameterKind.LogReal, 1e-7, 1e-2, 1e-5);
        Assert.Throws<ArgumentOutOfRangeException>(() => Values(depth: 7, width: 32));
    }

    [Theory]
    [InlineData(2, 32)]
    [InlineData(4, 32)]
    [InlineData(6, 32)]
    [InlineData(2, 64)]
    [InlineData(4, 64)]
    [InlineData(6, 64)]
    public void The_network_gives_two_logits_per_tile_for_any_depth_and_tile_size(int depth, int tileSize)
    {
        TorchBackend.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var network = Model.CreateNetwork(Values(depth, 8));
        network.eval();
        using var noGrad = no_grad();
        var output = network.call(randn(3, 1, tileSize, tileSize));
        Assert.Equal(new long[] { 3, 2 }, output.shape);
    }

    [Fact]
    public void Parameter_count_follows_depth_and_width_as_computed_by_hand()
    {
        TorchBackend.EnsureLoaded();
        // Block: conv3×3 without bias (in·out·9) + BatchNorm (2·out). Head: linear (last·2 + 2).
        //   depth 2, width 8:  (1·8·9 + 16) + (8·16·9 + 32) + (16·2 + 2)                  = 88 + 1184 + 34 = 1306
        //   depth 3, width 8:  88 + 1184 + (16·32·9 + 64) + (32·2 + 2)                      = 88 + 1184 + 4672 + 66 = 6010
        //   depth 2, width 16: (1·16·9 + 32) + (16·32·9 + 64) + (32·2 + 2)                  = 176 + 4672 + 66 = 4914
        using (var n = Model.CreateNetwork(Values(2, 8))) Assert.Equal(1306, ParameterCount(n));
        using (var n = Model.CreateNetwork(Values(3, 8))) Assert.Equal(6010, ParameterCount(n));
        using (var n = Model.CreateNetwork(Values(2, 16))) Assert.Equal(4914, ParameterCount(n));
    }

    [Fact]
    public void Block_widths_double_per_block_up_to_the_cap()
    {
        Assert.Equal(new[] { 32, 64, 128, 256 }, TileClassifierNetwork.BlockWidths(4, 32));
        Assert.Equal(new[] { 128, 256, 256, 256, 256, 256 }, TileClassifierNetwork.BlockWidths(6, 128));
    }

    [Fact]
    public void Loss_with_class_weights_is_the_weighted_mean_of_the_cross_entropies()
    {
        TorchBackend.EnsureLoaded();
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 2, 0, 0, 1 }, 2, 2);
        var target = tensor(new long[] { 0, 1 });
        var weights = tensor(new float[] { 1, 3 });
        // −log softmax: tile 0 (class 0) = log(1 + e^−2); tile 1 (class 1) = log(1 + e^−1).
        double ce0 = Math.Log(1 + Math.Exp(-2)), ce1 = Math.Log(1 + Math.Exp(-1));
        double expected = (1 * ce0 + 3 * ce1) / (1 + 3);
        Assert.Equal(expected, Model.ComputeLoss(logits, target, weights).item<float>(), 5);
        Assert.Equal((ce0 + ce1) / 2, Model.ComputeLoss(logits, target, null).item<float>(), 5);
    }

    [Fact]
    public void A_tiny_network_learns_to_tell_a_bright_blob_from_none()
    {
        TorchBackend.EnsureLoaded();
        random.manual_seed(7);
        using var scope = NewDisposeScope();
        const int tiles = 64, size = 32;
        var (inputs, labels) = BlobTiles(tiles, size, seed: 7);
        using var network = Model.CreateNetwork(Values(depth: 2, width: 8, dropout: 0));
        using var optimizer = Optimizers.Adam(network.parameters(), lr: 0.01);

        network.train();
        var losses = new List<float>();
        for (int step = 0; step < 40; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = Model.ComputeLoss(network.call(inputs), labels, null);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        network.eval();
        double accuracy;
        using (no_grad())
        {
            var predicted = network.call(inputs).argmax(1);
            accuracy = predicted.eq(labels).to_type(ScalarType.Float32).mean().item<float>();
        }
        Assert.True(losses[^1] < losses[0] / 2, $"loss went from {losses[0]} to {losses[^1]}");
        Assert.True(accuracy >= 0.9, $"training accuracy {accuracy}");
    }

    /// <summary>Noise tiles; the odd ones carry a bright Gaussian blob at a random place (label 1).</summary>
    private static (Tensor Inputs, Tensor Labels) BlobTiles(int count, int size, int seed)
    {
        var rng = new Random(seed);
        var pixels = new float[count * size * size];
        var labels = new long[count];
        for (int t = 0; t < count; t++)
        {
            labels[t] = t % 2;
            double cx = rng.Next(8, size - 8), cy = rng.Next(8, size - 8);
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    double noise = rng.NextDouble() - 0.5;
                    double blob = labels[t] == 1 ? 3 * Math.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 8.0) : 0;
                    pixels[(t * size + y) * size + x] = (float)(noise + blob);
                }
            }
        }
        return (tensor(pixels, count, 1, size, size), tensor(labels));
    }
}
