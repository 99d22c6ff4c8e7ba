using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiling;
using CellOps.Runtime.Data;
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
public sealed class TranslationTrainingTests
{
    private static readonly ComputeContext Cpu = ComputeContext.Create(DevicePreference.Cpu, threads: 1);

    // A 16-bit input of smooth structure and its pair 2·x + 100 (so a 1×1 convolution can learn it exactly).
    internal static Micrograph PairedField(string name, int width, int height, int seed)
    {
        var random = new Random(seed);
        var input = new ushort[width * height];
        var target = new ushort[width * height];
        double fx = 0.05 + random.NextDouble() * 0.2, fy = 0.05 + random.NextDouble() * 0.2, phase = random.NextDouble() * 6;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int v = (int)(10000 + 8000 * Math.Sin(fx * x + phase) * Math.Cos(fy * y) + random.Next(200));
                input[y * width + x] = (ushort)v;
                target[y * width + x] = (ushort)(2 * v + 100);
            }
        }
        var pair = new ArrayPixelSource(target, width, height).ToMicrograph(name + "-target", ChannelRole.Fluorescence);
        return new ArrayPixelSource(input, width, height).ToMicrograph(name, ChannelRole.PhaseContrast).WithPair(pair);
    }

    internal static TileSet Tiles(params Micrograph[] fields)
    {
        var builder = new TileSetBuilder(new TilingOptions(LinearTranslator.TileSize) { Target = TileTarget.Image, Stride = 8 });
        foreach (var field in fields) builder.Add(field, null);
        return builder.Build();
    }

    private static TrainingOutcome Train(TileSet tiles, TrainingOptions options, CancellationToken cancellation = default, Action<CellOps.Sdk.Training.TrainingProgress>? progress = null) =>
        ModelTrainer.Train(new TrainingRequest
        {
            Plugin = new TranslationTestPlugin(),
            Model = TranslationTestPlugin.Linear,
            Tiles = tiles,
            Options = options,
            Compute = Cpu,
            Cancellation = cancellation,
            Progress = progress,
        });

    [Fact]
    public void Targets_are_the_pairs_region_flipped_and_turned_with_the_input()
    {
        var field = PairedField("a", 40, 40, 1);
        var tiles = Tiles(field);
        var scaling = TargetScalingMeasure.Measure(new[] { field.Pair! }, OutputRange.Unit);
        using var tensorizer = new TileTensorizer(new InputSpec(16, 1, Normalization.None), EdgePolicy.Drop);
        using var targets = new ImageTargets(16, scaling, EdgePolicy.Drop);
        var source = new BatchSource(tiles.Tiles, tensorizer, 4, CPU, withLabels: false, targets: targets);

        int seen = 0;
        var transformed = 0;
        foreach (var batch in source.ForEpoch(seed: 3, epoch: 1, augment: true))
        {
            using (batch)
            {
                var inputs = batch.Inputs.data<float>().ToArray();
                var scaled = batch.Targets!.data<float>().ToArray();
                Assert.Equal(new long[] { batch.Count, 1, 16, 16 }, batch.Targets.shape);
                for (int i = 0; i < batch.Count; i++)
                {
                    var raw = scaled.AsSpan(i * 256, 256).ToArray();
                    scaling.ToRaw(0, raw);
                    for (int p = 0; p < 256; p++) Assert.Equal(2 * inputs[i * 256 + p] + 100, raw[p], 0.05);
                    seen++;
                }
                // The input itself was transformed for most tiles: compare with the untransformed read.
                for (int i = 0; i < batch.Count; i++)
                {
                    var plain = new float[256];
                    tensorizer.Fill(batch.Tiles[i], plain);
                    if (!plain.AsSpan().SequenceEqual(inputs.AsSpan(i * 256, 256))) transformed++;
                }
            }
        }
        Assert.Equal(tiles.Count, seen);
        Assert.True(transformed > tiles.Count / 2, $"only {transformed} of {tiles.Count} tiles were flipped or turned");
    }

    [Fact]
    public void The_target_scaling_maps_the_training_pairs_percentiles_onto_the_output_range()
    {
        // Values 0..9999 once each: the 0.1th percentile is 9 or 10, the 99.9th about 9990.
        var values = Enumerable.Range(0, 10000).Select(v => (ushort)v).ToArray();
        var pair = new ArrayPixelSource(values, 100, 100).ToMicrograph("ramp");
        var scaling = TargetScalingMeasure.Measure(new[] { pair }, OutputRange.Tanh);

        Assert.InRange(scaling.RawLow[0], 8, 11);
        Assert.InRange(scaling.RawHigh[0], 9988, 9991);
        Assert.Equal(PixelType.UInt16, scaling.TargetPixelType);
        var probe = new[] { scaling.RawLow[0], scaling.RawHigh[0], 5000f };
        scaling.ToOutput(0, probe);
        Assert.Equal(-1f, probe[0], 5);
        Assert.Equal(1f, probe[1], 5);
        scaling.ToRaw(0, probe);
        Assert.Equal(5000f, probe[2], 2);

        var flat = new ArrayPixelSource(new ushort[100], 10, 10).ToMicrograph("flat");
        var error = Assert.Throws<ArgumentException>(() => TargetScalingMeasure.Measure(new[] { flat }, OutputRange.Tanh));
        Assert.Contains("flat", error.Message);
    }

    [Fact]
    public void A_translation_model_learns_its_pairs_through_the_host_and_its_package_records_the_scaling()
    {
        var tiles = Tiles(PairedField("a", 48, 48, 1), PairedField("b", 48, 48, 2), PairedField("c", 48, 48, 3), PairedField("d", 48, 48, 4));
        using var outcome = Train(tiles, new TrainingOptions { Epochs = 30, BatchSize = 8, ValidationFraction = 0.25, Seed = 3 });

        Assert.True(outcome.Epochs[^1].ValidationLoss < 0.01, $"validation L1 {outcome.Epochs[^1].ValidationLoss}");
        Assert.True(outcome.Epochs[^1].ValidationLoss < outcome.Epochs[0].ValidationLoss / 5);
        var scaling = outcome.Manifest.TargetScaling!;
        Assert.Equal(new[] { "a-target" }, scaling.Channels);
        Assert.Equal(ModelTask.ImageTranslation, outcome.Manifest.Task);
        Assert.Equal(1, outcome.Manifest.Channels);
        Assert.Null(scaling.Problem());

        using var folder = new TempFolder();
        string path = folder.File("linear.cellmodel");
        outcome.Save(path);
        using var package = ModelPackage.Open(path, CellOps.Sdk.SdkVersion.Current);
        Assert.Equal(scaling.RawLow, package.Manifest.TargetScaling!.RawLow);
        Assert.Equal(scaling.RawHigh, package.Manifest.TargetScaling.RawHigh);
        Assert.Equal(scaling.Channels, package.Manifest.TargetScaling.Channels);
    }

    [Fact]
    public void A_resumed_translation_run_restores_the_loops_optimiser_and_ends_where_an_uninterrupted_one_does()
    {
        var tiles = Tiles(PairedField("a", 48, 48, 1), PairedField("b", 48, 48, 2));
        using var folder = new TempFolder();
        var options = new TrainingOptions { Epochs = 4, BatchSize = 8, Seed = 9 };
        using var whole = Train(tiles, options);

        string checkpoint = folder.File("run.cellmodel");
        using var stop = new CancellationTokenSource();
        using (var interrupted = Train(tiles, options with { CheckpointPath = checkpoint }, stop.Token, p => { if (p.Epoch == 3) stop.Cancel(); }))
        {
            Assert.Equal(2, interrupted.CompletedEpochs);
        }
        using (var package = ModelPackage.Open(checkpoint, CellOps.Sdk.SdkVersion.Current))
        {
            Assert.Contains(Checkpoint.KeptOptimizerEntry("generator"), package.Manifest.Entries.Keys);
        }
        using var resumed = Train(tiles, options with { CheckpointPath = checkpoint, Resume = true });
        Assert.Equal(Checkpoint.SaveWeights(whole.Network), Checkpoint.SaveWeights(resumed.Network));
        Assert.Equal(whole.Epochs.Select(e => e.Loss), resumed.Epochs.Select(e => e.Loss));
    }

    [Fact]
    public void Micrographs_without_pairs_or_with_unequal_channels_are_refused_with_the_file_named()
    {
        var paired = PairedField("a", 32, 32, 1);
        var twoChannels = new ArrayPixelSource(new ushort[2 * 32 * 32], 32, 32, channels: 2).ToMicrograph("two").WithPair(paired.Pair);
        var builder = new TileSetBuilder(new TilingOptions(16) { Target = TileTarget.Image });
        builder.Add(paired, null);
        builder.Add(twoChannels, null);
        var error = Assert.Throws<ArgumentException>(() => Train(builder.Build(), new TrainingOptions { Epochs = 1, BatchSize = 4 }));
        Assert.Contains("two", error.Message);
        Assert.Contains("channels", error.Message);
    }
}
