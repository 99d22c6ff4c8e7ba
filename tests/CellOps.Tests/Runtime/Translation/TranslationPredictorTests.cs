using CellOps.Imaging.Formats;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Runtime.Translation;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Tests.TestSupport;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime.Translation;

[Collection(TorchCollection.Name)]
public sealed class TranslationPredictorTests
{
    private static readonly ComputeContext Cpu = ComputeContext.Create(DevicePreference.Cpu, threads: 1);

    // A package of the identity network whose scaling maps raw values onto themselves.
    private static string IdentityPackage(TempFolder folder, int channels) =>
        CellOps.Tests.Reporting.TranslatedFields.IdentityPackage(folder, Enumerable.Range(0, channels).Select(c => $"C{c}").ToArray());

    private static float[] ReadAll(IPixelSource source)
    {
        var values = new float[source.ChannelCount * source.Width * source.Height];
        source.ReadRegion(0, new PixelRect(0, 0, source.Width, source.Height), values.AsSpan());
        return values;
    }

    [Theory]
    [InlineData(8, 1)]
    [InlineData(5, 7)]
    [InlineData(16, 3)]
    public void Blending_the_identity_models_tiles_rebuilds_the_image_without_seams(int stride, int batchSize)
    {
        using var folder = new TempFolder();
        // Two channels of unrelated structure, sizes that no tile or stride divides.
        int width = 53, height = 37;
        var random = new Random(4);
        var pixels = new float[2 * width * height];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)(random.NextDouble() * 60000);
        var micrograph = new ArrayPixelSource(pixels, width, height, channels: 2).ToMicrograph("field");
        using var package = ModelPackage.Open(IdentityPackage(folder, 2), CellOps.Sdk.SdkVersion.Current);
        using var model = LoadedModel.Load(package, TranslationTestPlugin.Identity, Cpu);

        var progress = new List<(int Done, int All)>();
        var predicted = TranslationPredictor.Predict(model, micrograph, stride, batchSize, progress: (d, a) => progress.Add((d, a)));

        using var pixelsOut = predicted.Prediction.OpenPixels();
        Assert.Equal((width, height, 2, PixelType.Float32), (pixelsOut.Width, pixelsOut.Height, pixelsOut.ChannelCount, pixelsOut.PixelType));
        var rebuilt = ReadAll(pixelsOut);
        for (int i = 0; i < pixels.Length; i++) Assert.Equal(pixels[i], rebuilt[i], pixels[i] * 1e-6f);
        Assert.Equal(progress[^1].All, progress[^1].Done);
        Assert.Equal(predicted.TileCount, progress[^1].All);
        Assert.Equal(new[] { "C0", "C1" }, predicted.Prediction.Channels.Select(c => c.Name));
    }

    [Fact]
    public void Cancelling_between_batches_stops_after_that_batch_and_leaves_no_spool_file()
    {
        using var folder = new TempFolder();
        using var spools = new TempFolder();
        int width = 53, height = 37;
        var pixels = new float[width * height];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = i;
        var micrograph = new ArrayPixelSource(pixels, width, height, channels: 1).ToMicrograph("field");
        using var package = ModelPackage.Open(IdentityPackage(folder, 1), CellOps.Sdk.SdkVersion.Current);
        using var model = LoadedModel.Load(package, TranslationTestPlugin.Identity, Cpu);
        using var stop = new CancellationTokenSource();
        var progress = new List<int>();

        // Batches are read one ahead of the network: the stop comes after the first, with the second already made.
        Assert.ThrowsAny<OperationCanceledException>(() => TranslationPredictor.Predict(model, micrograph, 8, 2, stop.Token,
            (done, _) => { progress.Add(done); stop.Cancel(); }, spools.Path));

        Assert.Equal(new[] { 2 }, progress);
        Assert.Empty(Directory.EnumerateFileSystemEntries(spools.Path));
    }

    [Fact]
    public void A_region_of_the_prediction_reads_the_same_values_as_the_whole()
    {
        using var folder = new TempFolder();
        var pixels = Enumerable.Range(0, 40 * 30).Select(i => (float)i).ToArray();
        var micrograph = new ArrayPixelSource(pixels, 40, 30).ToMicrograph("ramp");
        using var package = ModelPackage.Open(IdentityPackage(folder, 1), CellOps.Sdk.SdkVersion.Current);
        using var model = LoadedModel.Load(package, TranslationTestPlugin.Identity, Cpu);
        var predicted = TranslationPredictor.Predict(model, micrograph, 8, 4);

        using var source = predicted.OpenPixels();
        var region = new float[6 * 5];
        source.ReadRegion(0, new PixelRect(11, 7, 6, 5), region.AsSpan());
        for (int y = 0; y < 5; y++)
        {
            for (int x = 0; x < 6; x++) Assert.Equal((7 + y) * 40 + 11 + x, region[y * 6 + x], 0.01);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => source.ReadRegion(0, new PixelRect(38, 0, 4, 1), new float[4].AsSpan()));
    }

    [Fact]
    public void A_trained_model_predicts_in_the_targets_own_units()
    {
        var tiles = TranslationTrainingTests.Tiles(TranslationTrainingTests.PairedField("a", 48, 48, 1), TranslationTrainingTests.PairedField("b", 48, 48, 2));
        using var folder = new TempFolder();
        double trainingL1;
        using (var outcome = ModelTrainer.Train(new TrainingRequest
               {
                   Plugin = new TranslationTestPlugin(),
                   Model = TranslationTestPlugin.Linear,
                   Tiles = tiles,
                   Options = new TrainingOptions { Epochs = 200, BatchSize = 8, Seed = 2, HyperParameters = new Dictionary<string, double> { ["LearningRate"] = 0.02 } },
                   Compute = Cpu,
               }))
        {
            outcome.Save(folder.File("linear.cellmodel"));
            trainingL1 = outcome.Epochs[^1].Loss;
        }
        using var package = ModelPackage.Open(folder.File("linear.cellmodel"), CellOps.Sdk.SdkVersion.Current);
        using var model = LoadedModel.Load(package, TranslationTestPlugin.Linear, Cpu);
        var unseen = TranslationTrainingTests.PairedField("unseen", 45, 39, 7);

        var predicted = TranslationPredictor.Predict(model, unseen, 8, 16);

        using var truth = unseen.Pair!.OpenPixels();
        using var prediction = predicted.OpenPixels();
        var expected = ReadAll(truth);
        var actual = ReadAll(prediction);
        double error = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Average();
        // The pair spans about 4,000..56,000 counts: a mean error of 1 % of that is a learnt map in the right units.
        var scaling = package.Manifest.TargetScaling!;
        Assert.True(error < 500, $"mean absolute error {error:F1} counts; training L1 {trainingL1} = {trainingL1 * scaling.RawPerOutput(0):F1} counts");
    }

    [Fact]
    public void A_micrograph_with_other_channels_than_the_model_was_trained_on_is_refused()
    {
        using var folder = new TempFolder();
        using var package = ModelPackage.Open(IdentityPackage(folder, 2), CellOps.Sdk.SdkVersion.Current);
        using var model = LoadedModel.Load(package, TranslationTestPlugin.Identity, Cpu);
        var single = new ArrayPixelSource(new float[20 * 20], 20, 20).ToMicrograph("single.tif");
        var error = Assert.Throws<ArgumentException>(() => TranslationPredictor.Predict(model, single, 8, 4));
        Assert.Contains("single.tif", error.Message);
        Assert.Contains("2", error.Message);
    }
}
