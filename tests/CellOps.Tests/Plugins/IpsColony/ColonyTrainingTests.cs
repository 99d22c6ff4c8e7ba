using CellOps.Imaging.Measurement;
using CellOps.Imaging.Tiling;
using CellOps.Plugins.IpsColony;
using CellOps.Runtime.Data;
using CellOps.Runtime.Inference;
using CellOps.Imaging.Maps;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Tests.Runtime;
using Xunit;

namespace CellOps.Tests.Plugins.IpsColony;

[Collection(TorchCollection.Name)]
public sealed class ColonyTrainingTests
{
    private static readonly ComputeContext Cpu = ComputeContext.Create(DevicePreference.Cpu, threads: 1);
    private static readonly string[] Classes = { "background", "differentiated", "undifferentiated" };

    private static TileSet Tiles(IReadOnlyList<CellOps.Sdk.Imaging.Micrograph> micrographs, TileTarget target) =>
        TileSetBuilder.Build(micrographs, new TilingOptions(64)
        {
            Stride = 32, Target = target, Grids = target == TileTarget.ClassHistogram ? new[] { 1, 2, 4 } : Array.Empty<int>(),
            ClassCount = 3, IgnoreClass = ColonyImagesFactory.Ignore,
        });

    private static TrainingOutcome Train(ICellModel model, TileSet tiles, Dictionary<string, double> hyperParameters, int epochs = 8,
        BatchSampling sampling = BatchSampling.Shuffled) =>
        ModelTrainer.Train(new TrainingRequest
        {
            Plugin = new IpsColonyPlugin(),
            Model = model,
            Tiles = tiles,
            Options = new TrainingOptions
            {
                Epochs = epochs, BatchSize = 8, ValidationFraction = 0.25, Seed = 3, LearningRate = 0.003,
                HyperParameters = hyperParameters, Sampling = sampling,
            },
            Compute = Cpu,
        });

    // Dense maps of whole micrographs from centred, reflected tiles, scored against their label images.
    private static PredictionResult Map(TrainingOutcome outcome, IReadOnlyList<CellOps.Sdk.Imaging.Micrograph> micrographs, int stride, MapFootprint? footprint)
    {
        var tiles = TileSetBuilder.Build(micrographs, new TilingOptions(64) { Stride = stride, Centered = true, EdgePolicy = EdgePolicy.Reflect });
        var input = new ClassDistributionModel().Input;
        using var tensorizer = new TileTensorizer(input, tiles.EdgePolicy);
        var source = new BatchSource(tiles.Tiles, tensorizer, 32, Cpu.Device, withLabels: false);
        var output = TilePredictor.Predict(outcome.Network, source, grids: outcome.Manifest.OutputGrids);
        var truth = new SegmentationTruth(outcome.Manifest.Coding()!);
        return PredictionResult.Create(outcome.Manifest.ModelName, tiles.Tiles, output, outcome.Manifest.ClassNames,
            footprint: footprint, truth: m => truth.Read(m), labelCoding: outcome.Manifest.Coding());
    }

    private static string Scores(PredictionResult result, TrainingOutcome outcome) =>
        $"mean IoU {result.Segmentation!.MeanIou:0.000}, pixel accuracy {result.Segmentation.PixelAccuracy:0.000} " +
        $"({string.Join(", ", result.Segmentation.PerClass.Select(c => $"{c.Name} {c.Iou:0.000}"))}); " +
        $"losses {string.Join(" ", outcome.Epochs.Select(e => $"{e.Loss:0.000}"))}";

    [Fact]
    public void A_tiny_class_distribution_model_beats_chance_on_held_out_images()
    {
        var tiles = Tiles(ColonyImagesFactory.Create(6, 128, seed: 1), TileTarget.ClassHistogram);
        using var outcome = Train(new ClassDistributionModel(), tiles, new() { ["BaseWidth"] = 8, ["Grid"] = 4, ["Levels"] = 3 }, epochs: 16);

        Assert.Equal(new[] { 1, 2, 4 }, outcome.Manifest.OutputGrids);
        Assert.Equal(ColonyImagesFactory.Ignore, outcome.Manifest.IgnoreClass);
        Assert.Equal(Classes, outcome.Manifest.ClassNames);
        Assert.True(outcome.Epochs[^1].Loss < outcome.Epochs[0].Loss, "the training loss went down");
        Assert.NotNull(outcome.Epochs[^1].ValidationLoss);

        var result = Map(outcome, ColonyImagesFactory.Create(2, 128, seed: 99), stride: 32, footprint: null);
        // One class everywhere scores a mean IoU near 0.11; random labels near 0.2.
        Assert.True(result.Segmentation!.MeanIou > 0.5,
            $"mean IoU {result.Segmentation.MeanIou:0.000} ({string.Join(", ", result.Segmentation.PerClass.Select(c => $"{c.Name} {c.Iou:0.000}"))}); " +
            $"losses {string.Join(" ", outcome.Epochs.Select(e => $"{e.Loss:0.000}/{e.ValidationLoss:0.000}"))}");
    }

    [Fact]
    public void A_tiny_unet_learns_per_pixel_and_the_patch_classifier_trains_on_centre_classes()
    {
        var train = ColonyImagesFactory.Create(6, 128, seed: 2);
        // Both are scored on a held-out image against its label image. Predicting one class everywhere
        // scores a mean IoU of 0.08 to 0.13 here (observed when either network failed to train), random
        // labels about 0.2. Observed on every run (seed 3, one thread): U-Net 0.981, patch classifier 0.454.
        var held = ColonyImagesFactory.Create(1, 128, seed: 98);
        using (var fcn = Train(new FullyConvolutionalModel(), Tiles(train, TileTarget.ClassHistogram), new() { ["BaseWidth"] = 8 }, epochs: 16))
        {
            Assert.Equal(new[] { 64 }, fcn.Manifest.OutputGrids);
            var map = Map(fcn, held, stride: 32, footprint: null);
            // Per pixel: every class is found, and the bands' edges fall where the labels put them.
            Assert.True(map.Segmentation!.MeanIou > 0.8, Scores(map, fcn));
            Assert.All(map.Segmentation.PerClass, c => Assert.True(c.Iou > 0.7, Scores(map, fcn)));
        }
        var centres = Tiles(train, TileTarget.CenterClass);
        Assert.DoesNotContain(centres.Tiles, t => t.Label is < 0 or > 2);
        // Without dropout: with the default 0.3 this tiny classifier stays at chance for 16 epochs.
        using var patch = Train(new PatchClassifierModel(), centres, new() { ["BaseWidth"] = 8, ["Dropout"] = 0, ["HiddenUnits"] = 32 }, epochs: 16);
        var result = Map(patch, held, stride: 16, footprint: MapFootprint.Centre(16));
        Assert.Equal(1.0, Assert.Single(result.ToProbabilityMaps()).CoveredFraction, 9);
        // A patch's call covers 16 pixels around its centre, so the map is coarse, but far above chance.
        Assert.True(result.Segmentation!.MeanIou > 0.3, Scores(result, patch));
    }

    [Fact]
    public void Dense_models_refuse_grids_that_do_not_divide_the_tile_and_balanced_sampling()
    {
        var tiles = Tiles(ColonyImagesFactory.Create(2, 128, seed: 4), TileTarget.ClassHistogram);
        var odd = Assert.Throws<ArgumentException>(() => Train(new ClassDistributionModel(), tiles, new() { ["BaseWidth"] = 4, ["Grid"] = 3, ["Levels"] = 1 }, epochs: 1));
        Assert.Contains("3×3", odd.Message);
        var balanced = Assert.Throws<ArgumentException>(() => Train(new ClassDistributionModel(), tiles, new() { ["BaseWidth"] = 4 }, epochs: 1, sampling: BatchSampling.Balanced));
        Assert.Contains("Balanced", balanced.Message);
    }

    [Fact]
    public void Tiles_without_label_images_are_refused_with_the_fix()
    {
        var tiles = TileSetBuilder.Build(ColonyImagesFactory.Create(2, 128, seed: 5), new TilingOptions(64) { Target = TileTarget.Label });
        var error = Assert.Throws<ArgumentException>(() => Train(new ClassDistributionModel(), tiles, new() { ["BaseWidth"] = 4 }, epochs: 1));
        Assert.Contains("ClassHistogram", error.Message);
    }
}
