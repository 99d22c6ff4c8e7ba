using CellOps.Imaging.Formats;
using CellOps.Imaging.Measurement;
using CellOps.Runtime.Inference;
using CellOps.Imaging.Maps;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Imaging.Maps;

public sealed class DenseReassemblyTests
{
    private const int K = 3;

    // Two 4×4 tiles side by side over an 8×4 image, each with a 2×2 grid of known distributions.
    private static (PredictionResult Result, Micrograph Image) Predict(Func<Micrograph, byte[]?>? truth = null)
    {
        var image = new ArrayPixelSource(new byte[32], 8, 4).ToMicrograph("colony.png");
        var tiles = new[]
        {
            new Tile(0, image, 0, new PixelRect(0, 0, 4, 4)),
            new Tile(1, image, 0, new PixelRect(4, 0, 4, 4)),
        };
        // Per tile: 4 cells × K, cell by cell. Classes per cell: tile 0 → 0 1 / 2 2; tile 1 → 1 1 / 0 2.
        var cells = new float[]
        {
            0.8f, 0.1f, 0.1f,  0.2f, 0.7f, 0.1f,  0.1f, 0.1f, 0.8f,  0.0f, 0.3f, 0.7f,
            0.1f, 0.6f, 0.3f,  0.3f, 0.4f, 0.3f,  0.5f, 0.2f, 0.3f,  0.2f, 0.2f, 0.6f,
        };
        var probabilities = new float[2 * K];
        for (int t = 0; t < 2; t++)
            for (int cell = 0; cell < 4; cell++)
                for (int k = 0; k < K; k++)
                    probabilities[t * K + k] += cells[(t * 4 + cell) * K + k] / 4;
        var output = new PredictionOutput(probabilities, K, new[] { -1, -1 }, null, 2) { Cells = cells, Grid = 2 };
        return (PredictionResult.Create("IpsColony.ClassDistribution", tiles, output, new[] { "background", "differentiated", "undifferentiated" },
            truth: truth), image);
    }

    private static readonly byte[] Expected =
    {
        0, 0, 1, 1, 1, 1, 1, 1,
        0, 0, 1, 1, 1, 1, 1, 1,
        2, 2, 2, 2, 0, 0, 2, 2,
        2, 2, 2, 2, 0, 0, 2, 2,
    };

    [Fact]
    public void Known_cell_distributions_give_the_known_label_map()
    {
        var (result, _) = Predict();
        var map = Assert.Single(result.ToProbabilityMaps());
        Assert.Equal(Expected, map.LabelMap());
        // Non-overlapping tiles: every pixel gets its cell's distribution exactly.
        Assert.Equal(0.7f, map.Plane(1)[2], 5);
        Assert.Equal("2×2 cells per tile", result.MapCoverage);
    }

    [Fact]
    public void A_map_equal_to_the_truth_scores_one_and_a_flipped_class_lowers_it()
    {
        var (perfect, _) = Predict(_ => (byte[])Expected.Clone());
        Assert.Equal(1.0, perfect.Segmentation!.MeanIou, 9);
        Assert.Equal(1.0, perfect.Micrographs[0].MeanIou!.Value, 9);

        var truth = (byte[])Expected.Clone();
        truth[0] = 1;                                   // one pixel of class 0 is really class 1
        truth[1] = SegmentationTruth.Ignored;           // and one is uncertain: left out
        var (scored, _) = Predict(_ => truth);
        var perClass = scored.Segmentation!.PerClass;
        Assert.Equal(6.0 / 7, perClass[0].Iou!.Value, 9);    // class 0: 8 predicted, one ignored, one really class 1
        Assert.Equal(12.0 / 13, perClass[1].Iou!.Value, 9);  // class 1: 12 predicted, 13 true
        Assert.Equal(31, scored.Segmentation.Pixels);
    }

    [Fact]
    public void A_centre_classifier_speaks_for_its_central_block_only()
    {
        var image = new ArrayPixelSource(new byte[64], 8, 8).ToMicrograph("colony.png");
        var tiles = new[] { new Tile(0, image, 0, new PixelRect(0, 0, 8, 8)) };
        var output = new PredictionOutput(new float[] { 0.1f, 0.9f }, 2, new[] { -1 }, null, 1);
        var result = PredictionResult.Create("IpsColony.PatchClassifier", tiles, output, new[] { "a", "b" }, footprint: MapFootprint.Centre(2));
        var labels = Assert.Single(result.ToProbabilityMaps()).LabelMap();
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
                Assert.Equal(x is 3 or 4 && y is 3 or 4 ? (byte)1 : ProbabilityMap.UncoveredLabel, labels[y * 8 + x]);
    }
}
