using CellOps.Imaging.Formats;
using CellOps.Runtime.Inference;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Jobs;

public sealed class PredictionFileTests
{
    private const int K = 3;
    private static readonly string[] Classes = ["background", "differentiated", "undifferentiated"];

    // Per micrograph: two 4×4 tiles side by side over an 8×4 image, each with a 2×2 grid of cell distributions,
    // every tile labelled, each micrograph with a truth map and a group; micrograph m's distributions are shifted by m.
    private static PredictionResult Predict(params int[] which)
    {
        var tiles = new List<Tile>();
        var cells = new List<float>();
        var probabilities = new List<float>();
        var labels = new List<int>();
        foreach (int m in which)
        {
            var image = new ArrayPixelSource(new byte[32], 8, 4).ToMicrograph($"colony{m}.png")
                .WithMetadata([new KeyValuePair<string, string>("CellOps.TimePoint", m % 2 == 0 ? "day1" : "day2")]);
            for (int t = 0; t < 2; t++)
            {
                tiles.Add(new Tile(t, image, 0, new PixelRect(4 * t, 0, 4, 4), label: (m + t) % K));
                var mean = new float[K];
                for (int cell = 0; cell < 4; cell++)
                {
                    for (int k = 0; k < K; k++)
                    {
                        float p = ((cell + t + m + k) % K + 1) / 6f;
                        cells.Add(p);
                        mean[k] += p / 4;
                    }
                }
                probabilities.AddRange(mean);
                labels.Add((m + t) % K);
            }
        }
        var output = new PredictionOutput(probabilities.ToArray(), K, labels.ToArray(), null, labels.Count) { Cells = cells.ToArray(), Grid = 2 };
        var truth = Enumerable.Range(0, 32).Select(i => (byte)(i % K)).ToArray();
        return PredictionResult.Create("IpsColony.ClassDistribution", tiles, output, Classes, truth: _ => truth);
    }

    private static void AssertSame(PredictionResult expected, PredictionResult actual)
    {
        Assert.Equal(expected.Model, actual.Model);
        Assert.Equal(expected.ClassNames, actual.ClassNames);
        Assert.Equal(expected.MapCoverage, actual.MapCoverage);
        Assert.Equal(expected.Complete, actual.Complete);
        Assert.Equal(expected.Tiles.Select(t => (t.Micrograph, t.Index, t.Rect, t.PredictedClass, t.ClassName, t.Label)),
            actual.Tiles.Select(t => (t.Micrograph, t.Index, t.Rect, t.PredictedClass, t.ClassName, t.Label)));
        Assert.Equal(expected.Tiles.SelectMany(t => t.Probabilities), actual.Tiles.SelectMany(t => t.Probabilities));
        Assert.Equal(expected.Micrographs.Select(m => m with { Segmentation = null }), actual.Micrographs.Select(m => m with { Segmentation = null }));
        Assert.Equal(expected.Micrographs.Select(m => m.MeanIou), actual.Micrographs.Select(m => m.MeanIou));
        Assert.Equal(expected.Evaluation!.ToDictionary(), actual.Evaluation!.ToDictionary());
        Assert.Equal(expected.Evaluation.ConfusionMatrix, actual.Evaluation.ConfusionMatrix);
        Assert.Equal(expected.Segmentation!.MeanIou, actual.Segmentation!.MeanIou, 12);
        Assert.Equal(expected.Segmentation.Pixels, actual.Segmentation.Pixels);
        Assert.Equal(expected.Groups.Select(g => (g.Group, g.Tiles, g.PredictedEfficiency, g.Evaluation?.Accuracy)),
            actual.Groups.Select(g => (g.Group, g.Tiles, g.PredictedEfficiency, g.Evaluation?.Accuracy)));
        Assert.Equal(expected.ToProbabilityMaps().Select(m => m.LabelMap()), actual.ToProbabilityMaps().Select(m => m.LabelMap()));
        Assert.Equal(expected.Sources.Select(s => (s.Name, s.Width, s.Height, s.PixelType)), actual.Sources.Select(s => (s.Name, s.Width, s.Height, s.PixelType)));
    }

    [Fact]
    public void A_saved_result_reads_back_with_the_same_tiles_summaries_scores_and_maps()
    {
        using var folder = new TempFolder();
        var result = Predict(0, 1);
        Assert.NotNull(result.Segmentation);
        PredictionFile.Write(folder.File("r.json"), [result]);
        AssertSame(result, Assert.Single(PredictionFile.Read(folder.File("r.json"))));
    }

    [Fact]
    public void Results_of_shards_combine_into_the_result_of_one_prediction_over_all()
    {
        var whole = Predict(0, 1, 2);
        var combined = PredictionFile.Combine([Predict(0), Predict(1, 2)]);
        AssertSame(whole, combined);
        Assert.Equal(2, combined.Groups.Count);
    }

    [Fact]
    public void A_file_that_is_not_a_saved_prediction_is_named_in_the_error()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("bad.json"), "{\"model\": 3}");
        var error = Assert.Throws<InvalidDataException>(() => PredictionFile.Read(folder.File("bad.json")));
        Assert.Contains("bad.json", error.Message);
    }

    [Fact]
    public void A_read_back_micrograph_made_in_memory_says_its_pixels_were_not_saved()
    {
        using var folder = new TempFolder();
        PredictionFile.Write(folder.File("r.json"), [Predict(0)]);
        var source = Assert.Single(Assert.Single(PredictionFile.Read(folder.File("r.json"))).Sources);
        Assert.Contains("does not carry its pixels", Assert.Throws<InvalidOperationException>(() => source.OpenPixels()).Message);
    }
}
