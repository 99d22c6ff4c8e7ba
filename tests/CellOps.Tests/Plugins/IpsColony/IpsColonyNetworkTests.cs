using CellOps.Plugins.IpsColony;
using CellOps.Sdk.Models;
using CellOps.Tests.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Plugins.IpsColony;

[Collection(TorchCollection.Name)]
public sealed class IpsColonyNetworkTests
{
    internal static readonly Dictionary<string, double> Tiny = new() { [ColonyImagesNames.BaseWidth] = 4 };

    private static HyperParameterValues Values(ICellModel model, Dictionary<string, double>? overrides = null) =>
        HyperParameterValues.Resolve(model.HyperParameters, overrides ?? Tiny);

    [Fact]
    public void The_class_distribution_network_gives_a_distribution_per_cell_of_each_grid()
    {
        var model = new ClassDistributionModel();
        var values = Values(model, new Dictionary<string, double> { ["BaseWidth"] = 4, ["Grid"] = 8, ["Levels"] = 3 });
        Assert.Equal(new[] { 2, 4, 8 }, model.OutputGrids(values));
        using var network = model.CreateNetwork(values);
        using var output = network.call(torch.randn(2, 1, 64, 64));
        Assert.Equal(new long[] { 2, 3, 4 + 16 + 64 }, output.shape);
    }

    [Fact]
    public void Odd_grids_stop_halving()
    {
        var model = new ClassDistributionModel();
        Assert.Equal(new[] { 3 }, model.OutputGrids(Values(model, new Dictionary<string, double> { ["Grid"] = 3, ["Levels"] = 4 })));
    }

    [Fact]
    public void The_patch_classifier_gives_logits_per_patch_and_the_unet_per_pixel()
    {
        using var patch = new PatchClassifierModel().CreateNetwork(Values(new PatchClassifierModel()));
        using var logits = patch.call(torch.randn(3, 1, 64, 64));
        Assert.Equal(new long[] { 3, 3 }, logits.shape);

        var fcn = new FullyConvolutionalModel();
        Assert.Equal(new[] { 64 }, fcn.OutputGrids(Values(fcn)));
        using var unet = fcn.CreateNetwork(Values(fcn));
        using var perPixel = unet.call(torch.randn(2, 1, 64, 64));
        Assert.Equal(new long[] { 2, 3, 64 * 64 }, perPixel.shape);
    }

    [Fact]
    public void The_plugin_cites_the_class_distribution_study_with_its_numbers()
    {
        // The whole reference as declared. It names no authors, journal, year or DOI (the plugin gives none).
        Assert.Equal(new StudyReference(
            "Segmentation of iPS cell colony images by class-distribution learning",
            "A CNN learns the class distributions of patch cells at several resolutions, leaving out the experts' uncertain " +
            "class: mean Jaccard index 82.6 % against 80.7 % for centre-pixel patch classification and 80.5 % for an FCN."),
            new IpsColonyPlugin().Study);
    }

    [Fact]
    public void Every_network_takes_a_head_for_other_classes()
    {
        foreach (ICellModel model in new IpsColonyPlugin().Models)
        {
            using var network = model.CreateNetwork(Values(model));
            var transferable = Assert.IsAssignableFrom<ITransferableNetwork>(network);
            transferable.ReplaceHead(2);
            Assert.Equal(2, transferable.ClassCount);
            using var output = network.call(torch.randn(1, 1, 64, 64));
            Assert.Equal(2, output.shape[1]);
            Assert.DoesNotContain(network.named_parameters(), p => p.parameter.shape.Length > 0 && p.name.StartsWith("head") && p.parameter.shape[0] == 3);
        }
    }
}

internal static class ColonyImagesNames
{
    public const string BaseWidth = "BaseWidth";
}
