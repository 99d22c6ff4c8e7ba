using CellOps.Imaging.Formats;
using CellOps.Imaging.Measurement;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Metrics;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using Xunit;

namespace CellOps.Tests.Runtime.Inference;

/// <summary>Maps are scored against label images read a band of rows at a time, with the scores of whole arrays.</summary>
public sealed class SegmentationScoringTests
{
    private static readonly string[] Names = ["background", "differentiated", "undifferentiated"];
    private static readonly LabelCoding Coding = new(3, ignoreValue: 9);

    // A micrograph whose label image has stripes of the three classes and a few ignored pixels.
    private static Micrograph Labelled(string name, int width, int height, Action<byte[]>? spoil = null)
    {
        var labels = new byte[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                labels[y * width + x] = (byte)((x + 3 * y) % 101 == 0 ? 9 : (x / 300 + y / 700) % 3);
        spoil?.Invoke(labels);
        var pair = new ArrayPixelSource(labels, width, height).ToMicrograph(name + "-labels");
        return new ArrayPixelSource(new byte[width * height], width, height).ToMicrograph(name).WithPair(pair);
    }

    // One tile of mostly class 1 over the left half, one of mostly class 2 over part of the right; the rest uncovered.
    private static PredictionResult Predicted(params Micrograph[] micrographs) => Predicted(null, micrographs);

    private static PredictionResult Predicted(Func<Micrograph, byte[]?>? truth, params Micrograph[] micrographs)
    {
        var tiles = new List<Tile>();
        var probabilities = new List<float>();
        foreach (var m in micrographs)
        {
            tiles.Add(new Tile(tiles.Count, m, 0, new PixelRect(0, 0, m.Width / 2, m.Height)));
            probabilities.AddRange([0.1f, 0.8f, 0.1f]);
            tiles.Add(new Tile(tiles.Count, m, 0, new PixelRect(m.Width / 2, 0, m.Width - m.Width / 2, m.Height * 3 / 4)));
            probabilities.AddRange([0.2f, 0.2f, 0.6f]);
        }
        var output = new PredictionOutput(probabilities.ToArray(), 3, Enumerable.Repeat(-1, tiles.Count).ToArray(), null, tiles.Count);
        return PredictionResult.Create("Test.Model", tiles, output, Names, truth: truth, labelCoding: Coding);
    }

    private static void AssertSameReport(SegmentationReport expected, SegmentationReport? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.ToString(), actual.ToString());
        Assert.Equal(expected.Pixels, actual.Pixels);
        Assert.Equal(expected.Confusion, actual.Confusion);
        Assert.Equal(expected.PerClass, actual.PerClass);
    }

    [Fact]
    public void A_slide_map_on_disk_scores_against_its_label_image_as_its_whole_arrays_would()
    {
        // 4200×4100 is over the 4096² a map is built in memory: it lies on disk and is read in bands of 998 rows.
        var slide = Labelled("slide", 4200, 4100);
        var result = Predicted(slide);
        var truth = new SegmentationTruth(Coding);

        var scored = result.ScoredAgainst(m => truth.Open(m));

        SegmentationReport expected;
        using (var map = Assert.Single(result.ToProbabilityMaps()))
        {
            Assert.True(map.OnDisk);
            expected = SegmentationMetrics.Compute(map.LabelMap(), truth.Read(slide), 3, SegmentationTruth.Ignored, Names);
        }
        AssertSameReport(expected, scored.Segmentation);
        AssertSameReport(expected, Assert.Single(scored.Micrographs).Segmentation);
        // Whole arrays handed to Create score the same.
        var whole = Predicted(m => truth.Read(m), slide);
        AssertSameReport(expected, whole.Segmentation);
        Assert.Null(result.Segmentation);
    }

    [Fact]
    public void Scoring_a_slide_reads_its_label_image_by_rows_never_whole()
    {
        const int width = 4200, height = 4100;
        var slide = Labelled("slide", width, height);
        var result = Predicted(slide);
        var truth = new SegmentationTruth(Coding);
        var classes = truth.Read(slide)!;
        var warm = result.ScoredAgainst(m => truth.Open(m));

        // The same scoring with the classes already in memory is the baseline: what the map costs.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var inMemory = result.ScoredAgainst(_ => TruthRows.FromClasses(classes, width, height));
        long baseline = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        var byRows = result.ScoredAgainst(m => truth.Open(m));
        long reading = GC.GetAllocatedBytesForCurrentThread() - before - baseline;

        AssertSameReport(inMemory.Segmentation!, byRows.Segmentation);
        AssertSameReport(warm.Segmentation!, byRows.Segmentation);
        // Whole, the classes alone are width × height bytes (16.4 MiB); by rows, reading costs a strip of about 1 MiB.
        Assert.True(reading < (long)width * height / 8, $"reading the truth allocated {reading} bytes beyond the map's {baseline}");
    }

    [Fact]
    public void A_label_value_that_is_no_class_found_while_scoring_leaves_only_its_micrograph_unscored()
    {
        var good = Labelled("good", 40, 30);
        var bad = Labelled("bad", 40, 30, labels => labels[29 * 40 + 5] = 7);
        var result = Predicted(bad, good);
        var truth = new SegmentationTruth(Coding);
        var failures = new List<(string Micrograph, Exception Error)>();

        var scored = result.ScoredAgainst(m => truth.Open(m), (m, ex) => failures.Add((m.Name, ex)));

        var (micrograph, error) = Assert.Single(failures);
        Assert.Equal("bad", micrograph);
        Assert.IsType<ArgumentException>(error);
        Assert.Equal($"The label image 'bad-labels' holds the value 7 at (5, 29); the class labels are {Coding.DescribeValues()}.", error.Message);
        Assert.Null(scored.Micrographs[0].Segmentation);
        Assert.NotNull(scored.Micrographs[1].Segmentation);
        AssertSameReport(scored.Micrographs[1].Segmentation!, scored.Segmentation);
        AssertSameReport(Predicted(good).ScoredAgainst(m => truth.Open(m)).Segmentation!, scored.Segmentation);
        // Without a handler the error is the caller's.
        Assert.Throws<ArgumentException>(() => result.ScoredAgainst(m => truth.Open(m)));
    }

    [Fact]
    public void A_label_image_that_cannot_be_opened_is_reported_and_the_rest_are_scored()
    {
        var good = Labelled("good", 40, 30);
        var unreadable = new Micrograph("broken-labels", "/nowhere/broken-labels.tif", 40, 30, PixelType.UInt8, 1,
            [new ChannelInfo(0, "broken-labels", ChannelRole.Label)], null, null,
            () => throw new MicrographReadException("/nowhere/broken-labels.tif", MicrographReadFailure.Corrupt, "The file is truncated."));
        var broken = new ArrayPixelSource(new byte[40 * 30], 40, 30).ToMicrograph("broken").WithPair(unreadable);
        var failures = new List<Exception>();
        var truth = new SegmentationTruth(Coding);

        var scored = Predicted(good, broken).ScoredAgainst(m => truth.Open(m), (_, ex) => failures.Add(ex));

        Assert.IsType<MicrographReadException>(Assert.Single(failures));
        Assert.NotNull(scored.Micrographs[0].Segmentation);
        Assert.Null(scored.Micrographs[1].Segmentation);
    }

    [Fact]
    public void Truth_of_another_size_than_its_micrograph_is_refused_naming_both_sizes()
    {
        var result = Predicted(Labelled("good", 40, 30));

        var error = Assert.Throws<ArgumentException>(() => result.ScoredAgainst(_ => TruthRows.FromClasses(new byte[12], 4, 3), (_, _) => { }));

        Assert.Equal("The true classes of good are 4×3; the map is 40×30.", error.Message);
    }
}
