using System.Text.Json.Nodes;
using CellOps.Plugins.Cardiomyocyte;
using CellOps.Plugins.IpsColony;
using CellOps.Runtime.Inference;
using CellOps.Sdk.Models;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// A model the whole-slide suite runs over a slide, at its defaults with seeded weights: how to write its
/// package, and what the PyTorch script needs to rebuild its network, cut its tiles and lay its
/// predictions back (bench/pytorch/whole_slide.py reads these fields).
/// </summary>
internal sealed record WholeSlideModel(string Id, string Label, Func<ICellModel> Create, ICellPlugin Plugin)
{
    /// <summary>The Cardiomyocyte tile classifier: 64×64 tiles side by side, one prediction per tile.</summary>
    public static WholeSlideModel TileClassifier { get; } =
        new("tile-classifier", "Cardiomyocyte tile classifier", () => new TileClassifierModel(), new CardiomyocytePlugin());

    /// <summary>IpsColony.ClassDistribution: 64×64 tiles every 32 px, reflected at the edges, a 4×4 grid of cells per tile, blended.</summary>
    public static WholeSlideModel ClassDistribution { get; } =
        new("class-distribution", "IpsColony class distribution (dense)", () => new ClassDistributionModel(), new IpsColonyPlugin());

    /// <summary>IpsColony.FullyConvolutional: the U-Net, a class per pixel of each 64×64 tile every 32 px, blended (CellOps only: the script has no U-Net).</summary>
    public static WholeSlideModel PerPixel { get; } =
        new("per-pixel-unet", "IpsColony fully convolutional U-Net (per pixel)", () => new FullyConvolutionalModel(), new IpsColonyPlugin());

    public static IReadOnlyList<WholeSlideModel> All { get; } = [TileClassifier, ClassDistribution, PerPixel];

    public static WholeSlideModel Named(string id) => All.Single(m => m.Id == id);

    /// <summary>Writes a seeded package of this model.</summary>
    public void WritePackage(string path) => BenchModel.WritePackage(path, Plugin, Create());

    /// <summary>What the script needs beside the weights: the architecture, the input and the tiling <see cref="InferenceTiling"/> gives.</summary>
    public JsonObject PeerMeta(LoadedModel loaded)
    {
        var manifest = loaded.Manifest;
        var tiling = InferenceTiling.ForPrediction(manifest, stride: null, labelled: false);
        var meta = new JsonObject
        {
            ["architecture"] = Id,
            ["channels"] = loaded.Input.Channels,
            ["classes"] = manifest.ClassNames.Count,
            ["tile"] = manifest.TileSize,
            ["stride"] = tiling.Stride,
            ["centered"] = tiling.MapsPixels,
            ["normalization"] = loaded.Input.Normalization.Kind.ToString(),
        };
        if (loaded.Network is TileClassifierNetwork classifier)
        {
            meta["depth"] = classifier.Depth;
            meta["width"] = classifier.BaseWidth;
        }
        else
        {
            meta["width"] = (int)manifest.HyperParameters["BaseWidth"];
            meta["grids"] = new JsonArray((manifest.OutputGrids ?? []).Select(g => (JsonNode)g).ToArray());
        }
        return meta;
    }
}
