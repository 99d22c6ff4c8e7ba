using System.Text.Json;
using CellOps.Plugins.NeuralFate;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using TorchSharp;
using Xunit;

namespace CellOps.Tests.Plugins.NeuralFate;

[Collection(TorchCollection.Name)]
public sealed class NeuralFatePluginTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "out", "CellOps", "plugins", "NeuralFate");

    [Fact]
    public void The_citation_is_the_study_tables_and_says_that_the_preprint_names_no_authors_or_title()
    {
        var study = new NeuralFatePlugin().Study;
        string entry = StudyCitations.InArchitecture("NeuralFate");
        // The table's entry, less its instruction to implementers ("say so rather than invent").
        Assert.Equal(entry.Replace(": say so rather than invent.", ".", StringComparison.Ordinal), study.Citation);
        Assert.Contains("ResNet-50: 99.7 % binary, 93.3 % multiclass test accuracy", study.Citation);
        Assert.EndsWith("the document gives no authors or title.", study.Citation);
        Assert.StartsWith("Untitled preprint", study.Title);
        Assert.Null(study.Doi);
    }

    [Fact]
    public void The_plugin_folder_holds_its_assembly_and_manifest_and_no_copy_of_the_host()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "plugin.json")));
        Assert.Equal(new NeuralFatePlugin().Id, manifest.RootElement.GetProperty("id").GetString());
        Assert.Equal("CellOps.Plugins.NeuralFate.dll", manifest.RootElement.GetProperty("assembly").GetString());
        var files = Directory.GetFiles(Folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray();
        Assert.Contains("CellOps.Plugins.NeuralFate.dll", files);
        Assert.DoesNotContain("TorchSharp.dll", files);
        Assert.DoesNotContain("TorchVision.dll", files);
        Assert.DoesNotContain("CellOps.Sdk.dll", files);
    }

    [Fact]
    public void Both_models_classify_whole_images_of_any_size_in_three_ImageNet_normalised_channels()
    {
        var plugin = new NeuralFatePlugin();
        Assert.Equal(new[] { "ResNet18", "ResNet50" }, plugin.Models.Select(m => m.Name));
        foreach (var model in plugin.Models)
        {
            Assert.IsAssignableFrom<ISupervisedModel>(model);
            Assert.Equal((ModelTask.TileClassification, TileTarget.ImageClass), (model.Task, model.Target));
            Assert.Equal(new[] { "Glia", "Neuron" }, model.ClassNames);
            Assert.True(model.Input.AnyTileSize);
            Assert.Equal((224, 3), (model.Input.TileSize, model.Input.Channels));
            Assert.Equal(new Normalization(NormalizationKind.Fixed, new[] { 0.485f, 0.456f, 0.406f }, new[] { 0.229f, 0.224f, 0.225f }),
                model.Input.Normalization);
            Assert.StartsWith("3×any (224 suggested) Fixed", model.Input.ToString());
            Assert.Contains("grayscale", model.Description);

            var defaults = HyperParameterValues.Resolve(model.HyperParameters, null);
            Assert.Equal((1e-3, 1e-4, 0.0, "False"), (defaults.GetReal(ResNetModel.LearningRate), defaults.GetReal(ResNetModel.WeightDecay),
                defaults.GetReal(ResNetModel.Dropout), defaults.GetChoice(ResNetModel.FreezeBatchNorm)));
        }
        // An InputSpec without AnyTileSize is still one size, and the flag takes part in equality.
        Assert.NotEqual(new InputSpec(224, 3, Normalization.UnitRange), new InputSpec(224, 3, Normalization.UnitRange) { AnyTileSize = true });
        Assert.Equal("1×32×32 UnitRange", new InputSpec(32, 1, Normalization.UnitRange).ToString());
    }

    [Fact]
    public void The_hyperparameters_reach_the_network()
    {
        var model = new ResNetModel(ResNetArchitecture.ResNet18);
        var values = HyperParameterValues.Resolve(model.HyperParameters,
            new Dictionary<string, double> { [ResNetModel.FreezeBatchNorm] = 1, [ResNetModel.Dropout] = 0.25 });
        using var network = Assert.IsType<ResNetNetwork>(model.CreateNetwork(values));
        Assert.True(network.FreezeBatchNorm);
        Assert.Equal(2, network.ClassCount);
        Assert.Equal("torchvision.models.resnet18", network.ImportedArchitecture);

        // Batch norms frozen, so only the head's dropout makes two training-mode passes differ.
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.randn(new long[] { 2, 3, 32, 32 });
        network.train();
        Assert.False(network.call(input).equal(network.call(input)).all().item<bool>());
        network.eval();
        Assert.True(network.call(input).equal(network.call(input)).all().item<bool>());
    }
}
