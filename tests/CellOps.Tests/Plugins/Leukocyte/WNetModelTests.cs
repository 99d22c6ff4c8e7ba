using CellOps.Plugins.Leukocyte;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Tests.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Plugins.Leukocyte;

[Collection(TorchCollection.Name)]
public sealed class WNetModelTests
{
    private static readonly WNetModel Model = new();

    public WNetModelTests() => TorchBackend.EnsureLoaded();

    /// <summary>The smallest W-Net worth training: two blocks of 8 and 16 channels, a hidden layer of 16.</summary>
    internal static Dictionary<string, double> Tiny => new()
    {
        [WNetModel.Depth] = 2,
        [WNetModel.BaseWidth] = 8,
        [WNetModel.HiddenUnits] = 16,
        [WNetModel.Dropout] = 0.1,
    };

    [Fact]
    public void The_plugin_offers_WNet_on_64_by_64_RGB_crops_labelled_by_their_cell_type()
    {
        var plugin = new LeukocytePlugin();
        Assert.Equal("Leukocyte", plugin.Id);
        // The whole reference, field by field: Jung et al., BMC Medical Imaging 22:94 (2022).
        Assert.Equal(new StudyReference(
            "WBC image classification and generative models based on convolutional neural network",
            "Jung C., Abuhamad M., Mohaisen D., Han K., Nyang D. (2022). BMC Medical Imaging 22:94. W-Net classifies five " +
            "white-blood-cell types with 97% accuracy on 6,562 images; transfer learning and DCGAN-synthesised cells.",
            "10.1186/s12880-022-00818-1"), plugin.Study);
        Assert.Equal("Jung C., Abuhamad M., Mohaisen D., Han K., Nyang D. (2022). BMC Medical Imaging 22:94. W-Net classifies five " +
            "white-blood-cell types with 97% accuracy on 6,562 images; transfer learning and DCGAN-synthesised cells. doi:10.1186/s12880-022-00818-1",
            plugin.Study.ToString());
        var model = Assert.IsType<WNetModel>(Assert.Single(plugin.Models, m => m.Task == ModelTask.TileClassification));
        Assert.IsType<DcganModel>(Assert.Single(plugin.Models, m => m.Task == ModelTask.Generation));
        Assert.Equal("WNet", model.Name);
        Assert.Equal((64, 3), (model.Input.TileSize, model.Input.Channels));
        Assert.Equal(TileTarget.ImageClass, model.Target);
        Assert.Equal(new[] { "Basophil", "Eosinophil", "Lymphocyte", "Monocyte", "Neutrophil" }, model.ClassNames);
    }

    [Fact]
    public void WNet_maps_a_batch_of_RGB_crops_to_five_logits_through_a_named_backbone_and_head()
    {
        using var network = (WNetNetwork)Model.CreateNetwork(HyperParameterValues.Resolve(Model.HyperParameters, null));
        network.eval();
        using var input = torch.rand(2, 3, 64, 64);
        using var output = network.call(input);
        Assert.Equal(new long[] { 2, 5 }, output.shape);

        var names = network.state_dict().Keys.ToArray();
        Assert.All(names, n => Assert.True(n.StartsWith("backbone.", StringComparison.Ordinal) || n.StartsWith("head.", StringComparison.Ordinal), n));
        Assert.Contains(names, n => n.StartsWith("head.", StringComparison.Ordinal));
        Assert.Equal(5, network.ClassCount);
    }

    [Fact]
    public void Replacing_the_head_changes_the_classes_and_keeps_the_backbone()
    {
        using var network = (WNetNetwork)Model.CreateNetwork(HyperParameterValues.Resolve(Model.HyperParameters, Tiny));
        var before = network.Backbone.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var oldHead = network.Head;

        network.ReplaceHead(3);
        network.eval();
        using var input = torch.rand(4, 3, 64, 64);
        using var output = network.call(input);

        Assert.Equal(new long[] { 4, 3 }, output.shape);
        Assert.Equal(3, network.ClassCount);
        Assert.NotSame(oldHead, network.Head);
        foreach (var (name, value) in network.Backbone.state_dict())
        {
            Assert.True(value.eq(before[name]).all().item<bool>(), name);
        }
        // Saved weights hold the new head only.
        Assert.Equal(network.parameters().Count(), network.Backbone.parameters().Count() + network.Head.parameters().Count());
        foreach (var t in before.Values) t.Dispose();
    }

    [Fact]
    public void A_tiny_WNet_trained_on_coloured_blob_crops_beats_chance_on_held_out_crops()
    {
        var tiles = ColourBlobCrops.Create(perClass: 10, seed: 7);
        using var outcome = ModelTrainer.Train(new TrainingRequest
        {
            Plugin = new LeukocytePlugin(),
            Model = Model,
            Tiles = tiles,
            Options = new TrainingOptions { Epochs = 8, BatchSize = 10, ValidationFraction = 0.3, Seed = 3, HyperParameters = Tiny, LearningRate = 0.01 },
            Compute = ComputeContext.Create(DevicePreference.Cpu, threads: 1),
        });

        // Chance is 0.2 with five classes.
        var last = outcome.Epochs[^1];
        Assert.True(last.ValidationAccuracy >= 0.6, $"validation accuracy {last.ValidationAccuracy}");
        Assert.Equal(ColourBlobCrops.Classes, outcome.Manifest.ClassNames);
        Assert.Equal(TileTarget.ImageClass, outcome.Manifest.Target);
    }
}
