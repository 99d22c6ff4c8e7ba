using CellOps.Plugins.Leukocyte;
using CellOps.Runtime.Packaging;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Runtime.Packaging;

public class PackageHyperParametersTests
{
    private static ModelManifest Manifest(Dictionary<string, double> hyperParameters) => new()
    {
        PluginId = "Leukocyte",
        PluginVersion = "0.1.0",
        ModelName = "WNet",
        Task = ModelTask.TileClassification,
        TileSize = 64,
        Channels = 3,
        Normalization = NormalizationKind.PerTileStandardize,
        Target = TileTarget.ImageClass,
        SdkVersion = CellOps.Sdk.SdkVersion.Current.ToString(3),
        HyperParameters = hyperParameters,
    };

    [Fact]
    public void A_package_from_before_WNet_could_normalise_loads_with_the_layout_it_was_trained_with()
    {
        var model = new WNetModel();
        var old = PackageHyperParameters.Resolve(model, Manifest(new() { [WNetModel.Depth] = 3 }));
        Assert.Equal("None", old.GetChoice(WNetModel.Normalization));
        Assert.Equal(3, old.GetInt(WNetModel.Depth));

        var recorded = model.HyperParameters.Single(h => h.Name == WNetModel.Normalization).Parse("Group");
        Assert.Equal("Group", PackageHyperParameters.Resolve(model, Manifest(new() { [WNetModel.Normalization] = recorded })).GetChoice(WNetModel.Normalization));
        // A new training without the hyperparameter takes the declared default.
        Assert.Equal("Batch", HyperParameterValues.Resolve(model.HyperParameters, null).GetChoice(WNetModel.Normalization));
    }
}
