using System.Text.Json;
using System.Text.RegularExpressions;
using CellOps.Plugins.CancerStemCell;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Tests.TestSupport;
using Xunit;
using H = CellOps.Plugins.CancerStemCell.TranslationHyperParameters;

namespace CellOps.Tests.Plugins.CancerStemCell;

public sealed class CancerStemCellPluginTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "out", "CellOps", "plugins", "CancerStemCell");

    [Fact]
    public void The_plugins_citation_is_the_one_the_study_table_gives_word_for_word()
    {
        var study = new CancerStemCellPlugin().Study;
        string expected = StudyCitations.InArchitecture("CancerStemCell");
        Assert.Equal(expected, study.Citation);
        Assert.Contains("Int. J. Mol. Sci. 24(6):5323 (2023)", study.Citation);
        // The title is the one quoted in the citation.
        Assert.Equal(Regex.Match(expected, "\"([^\"]+)\"").Groups[1].Value, study.Title);
        // The table gives no DOI, and none is invented.
        Assert.Null(study.Doi);
    }

    [Fact]
    public void The_plugin_folder_holds_its_assembly_and_manifest_and_no_copy_of_the_host()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "plugin.json")));
        Assert.Equal(new CancerStemCellPlugin().Id, manifest.RootElement.GetProperty("id").GetString());
        Assert.Equal("CellOps.Plugins.CancerStemCell.dll", manifest.RootElement.GetProperty("assembly").GetString());
        var files = Directory.GetFiles(Folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray();
        Assert.Contains("CellOps.Plugins.CancerStemCell.dll", files);
        Assert.DoesNotContain("TorchSharp.dll", files);
        Assert.DoesNotContain("CellOps.Sdk.dll", files);
    }

    [Fact]
    public void Both_models_translate_128_pixel_standardised_tiles_into_image_targets_in_the_tanh_range()
    {
        var plugin = new CancerStemCellPlugin();
        Assert.Equal(new[] { "Pix2Pix", "UNetL1" }, plugin.Models.Select(m => m.Name));
        foreach (var model in plugin.Models)
        {
            Assert.IsAssignableFrom<ICustomTrainingModel>(model);
            var translation = Assert.IsAssignableFrom<IImageTranslationModel>(model);
            Assert.Equal((ModelTask.ImageTranslation, TileTarget.Image), (model.Task, model.Target));
            Assert.Equal(new InputSpec(128, 1, Normalization.PerTileStandardize), model.Input);
            Assert.Equal(OutputRange.Tanh, translation.OutputRange);
            Assert.Empty(model.ClassNames);
        }
    }

    [Fact]
    public void Pix2Pix_declares_the_papers_optimiser_and_loss_and_the_baseline_only_what_a_generator_needs()
    {
        var pix2pix = HyperParameterValues.Resolve(new Pix2PixModel().HyperParameters, null);
        Assert.Equal((2e-4, 0.5, 100.0, 0.5), (pix2pix.GetReal(H.LearningRate), pix2pix.GetReal(H.Beta1), pix2pix.GetReal(H.Lambda), pix2pix.GetReal(H.Dropout)));
        Assert.Equal((32, 7, 32, 3, "Batch"), (pix2pix.GetInt(H.GeneratorWidth), pix2pix.GetInt(H.Depth), pix2pix.GetInt(H.DiscriminatorWidth),
            pix2pix.GetInt(H.DiscriminatorLayers), pix2pix.GetChoice(H.Norm)));
        // Depth 7 halves the 128-pixel tile to pix2pix's 1×1 bottleneck, and no further.
        Assert.Equal(128, 1 << pix2pix.GetInt(H.Depth));
        Assert.Equal(7.0, new Pix2PixModel().HyperParameters.Single(p => p.Name == H.Depth).Max);

        var baseline = new UNetL1Model().HyperParameters.Select(p => p.Name).ToArray();
        Assert.Equal(new[] { H.GeneratorWidth, H.Depth, H.Dropout, H.Norm, H.LearningRate, H.Beta1 }, baseline);
        Assert.Equal(baseline.Concat(new[] { H.DiscriminatorWidth, H.DiscriminatorLayers, H.Lambda }),
            new Pix2PixModel().HyperParameters.Select(p => p.Name));
    }

    [Theory]
    [InlineData("Batch")]
    [InlineData("Instance")]
    public void With_either_normalisation_every_layer_holds_the_Scalars_it_hands_to_libtorch(string norm)
    {
        foreach (var model in new CancerStemCellPlugin().Models)
        {
            using var network = model.CreateNetwork(TinyWidths.Resolve(model, (H.Norm, norm == "Batch" ? 0 : 1)));
            var findings = CellOps.Runtime.Torch.ScalarLifetimeAudit.ForTorchSharp.ScanLayers(network);
            Assert.True(findings.Count == 0, $"{model.Name}: " + string.Join(Environment.NewLine, findings));
        }
    }
}
