using System.Security.Cryptography;
using CellOps.Plugins.Leukocyte;
using CellOps.Runtime.Generation;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Sdk.Training;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using CellOps.Sdk.Torch;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Plugins.Leukocyte;

[Collection(TorchCollection.Name)]
public sealed class DcganTests : IDisposable
{
    internal static Dictionary<string, double> Tiny => new()
    {
        [DcganModel.LatentSize] = 8, [DcganModel.GeneratorWidth] = 4, [DcganModel.DiscriminatorWidth] = 4,
    };

    private static readonly ComputeContext Cpu = ComputeContext.Create(DevicePreference.Cpu, threads: 1);
    private static readonly DcganModel Model = new();
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // The crops of one type only, as a user trains a generator per class.
    private static TileSet Eosinophils()
    {
        var all = ColourBlobCrops.Create(perClass: 6, seed: 21);
        var one = all.Tiles.Where(t => t.Label == 1).ToArray();
        return new TileSet(one, one.Select(t => t.Source).ToArray(), 64, 64, EdgePolicy.Drop, TileTarget.ImageClass,
            all.ClassCount, classNames: all.ClassNames, wholeImages: true);
    }

    private static TrainingOutcome Train(int epochs = 2) => ModelTrainer.Train(new TrainingRequest
    {
        Plugin = new LeukocytePlugin(),
        Model = Model,
        Tiles = Eosinophils(),
        Options = new TrainingOptions { Epochs = epochs, BatchSize = 3, ValidationFraction = 0, Seed = 4, HyperParameters = Tiny },
        Compute = Cpu,
    });

    private static Dictionary<string, float[]> Weights(nn.Module module) =>
        module.state_dict().ToDictionary(p => p.Key, p => p.Value.cpu().to_type(ScalarType.Float32).data<float>().ToArray());

    private string SavedGenerator()
    {
        using var outcome = Train();
        string path = _folder.File($"gen-{Guid.NewGuid():N}.cellmodel");
        outcome.Save(path);
        return path;
    }

    private static LoadedGenerator Load(ModelPackage package) => LoadedGenerator.Load(package, Model, Cpu);

    [Fact]
    public void The_generator_maps_latent_vectors_to_64x64_colour_images_within_its_declared_range()
    {
        TorchBackend.EnsureLoaded();
        torch.random.manual_seed(1);
        using var network = (DcganNetwork)Model.CreateNetwork(HyperParameterValues.Resolve(Model.HyperParameters, Tiny));
        network.eval();
        using var scope = torch.NewDisposeScope();
        var images = network.call(torch.randn(5, 8).mul_(Scalars.Of(10L)));
        Assert.Equal(new long[] { 5, 3, 64, 64 }, images.shape);
        Assert.True(images.min().item<float>() >= network.OutputMin && images.max().item<float>() <= network.OutputMax);
        Assert.Equal((-1f, 1f, 8), (network.OutputMin, network.OutputMax, network.LatentSize));
        // The discriminator scores each image with one logit.
        Assert.Equal(new long[] { 5 }, network.Discriminator.call(images).shape);
    }

    [Fact]
    public void A_short_DCGAN_run_through_the_host_updates_generator_and_discriminator_and_the_package_round_trips()
    {
        TorchBackend.EnsureLoaded();
        // The host seeds, then builds: the same seed here gives the run's starting weights.
        Cpu.Seed(4);
        Dictionary<string, float[]> before;
        using (var fresh = (DcganNetwork)Model.CreateNetwork(HyperParameterValues.Resolve(Model.HyperParameters, Tiny)))
        {
            before = Weights(fresh);
        }

        using var outcome = Train();
        var gan = (DcganNetwork)outcome.Network;
        var after = Weights(gan);
        bool Changed(string prefix) => after.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Key.EndsWith("weight", StringComparison.Ordinal))
            .All(p => !p.Value.SequenceEqual(before[p.Key]));
        Assert.True(Changed("generator."), "every generator weight should have moved");
        Assert.True(Changed("discriminator."), "every discriminator weight should have moved");

        Assert.Equal(2, outcome.CompletedEpochs);
        // What the losses show is checked over a longer run below; here, that each epoch reports them.
        Assert.All(outcome.Manifest.EpochMetrics, m => Assert.Superset(new HashSet<string> { "loss", "loss_d", "d_real", "d_fake" }, m.Keys.ToHashSet()));
        Assert.Equal(ModelTask.Generation, outcome.Manifest.Task);
        Assert.Equal(new[] { "Eosinophil" }, outcome.Manifest.ClassNames);

        string path = _folder.File("gen.cellmodel");
        outcome.Save(path);
        using var package = ModelPackage.Open(path, CellOps.Sdk.SdkVersion.Current);
        using var loaded = Load(package);
        var reloaded = Weights(loaded.Network);
        Assert.Equal(after.Keys.OrderBy(k => k), reloaded.Keys.OrderBy(k => k));
        Assert.All(after, p => Assert.Equal(p.Value, reloaded[p.Key]));
    }

    [Fact]
    public void Over_a_longer_run_the_discriminator_learns_to_tell_real_crops_from_the_generators()
    {
        using var outcome = Train(epochs: 30);
        var first = outcome.Manifest.EpochMetrics[0];
        var last = outcome.Manifest.EpochMetrics[^1];
        string seen = $"first epoch d_real {first["d_real"]:0.000} d_fake {first["d_fake"]:0.000} loss_d {first["loss_d"]:0.000}; " +
                      $"last d_real {last["d_real"]:0.000} d_fake {last["d_fake"]:0.000} loss_d {last["loss_d"]:0.000}";
        // A discriminator that cannot tell them apart scores both 0.5, where its loss (real target 0.9,
        // fake 0) is 2 ln 2 = 1.386. Observed on every run (seed 4, one thread, 60 steps): last epoch
        // d_real 0.74, d_fake 0.26, loss_d 0.72; the first epoch is near chance (0.55, 0.50, 1.32).
        Assert.True(last["d_real"] - last["d_fake"] > 0.3, seen);
        Assert.True(last["loss_d"] < 1.0, seen);
        Assert.True(last["loss_d"] < first["loss_d"], seen);
    }

    [Fact]
    public void The_DCGAN_loop_reports_progress_per_batch_checkpoints_each_epoch_resumes_and_stops_when_cancelled()
    {
        string checkpoint = _folder.File("run.cellmodel");
        var progress = new List<TrainingProgress>();
        TrainingRequest Request(int epochs, bool resume, CancellationToken cancellation = default) => new()
        {
            Plugin = new LeukocytePlugin(),
            Model = Model,
            Tiles = Eosinophils(),
            Options = new TrainingOptions
            {
                Epochs = epochs, BatchSize = 3, ValidationFraction = 0, Seed = 4, HyperParameters = Tiny,
                CheckpointPath = checkpoint, Resume = resume,
            },
            Compute = Cpu,
            Progress = progress.Add,
            Cancellation = cancellation,
        };

        using (var first = ModelTrainer.Train(Request(1, resume: false)))
        {
            // Six eosinophil crops in batches of three: two steps, each reported.
            Assert.Equal(new[] { (1, 1, 2), (1, 2, 2) }, progress.Select(p => (p.Epoch, p.Batch, p.Batches)));
            Assert.Equal(1, first.CompletedEpochs);
        }
        using (var package = ModelPackage.Open(checkpoint, CellOps.Sdk.SdkVersion.Current))
        {
            Assert.Single(package.Manifest.EpochMetrics);
        }

        using (var package = ModelPackage.Open(checkpoint, CellOps.Sdk.SdkVersion.Current))
        {
            // Both Adam optimisers' moments travel with the checkpoint.
            Assert.Contains(Checkpoint.KeptOptimizerEntry("generator"), package.Manifest.Entries.Keys);
            Assert.Contains(Checkpoint.KeptOptimizerEntry("discriminator"), package.Manifest.Entries.Keys);
        }

        progress.Clear();
        byte[] resumedWeights;
        using (var resumed = ModelTrainer.Train(Request(2, resume: true)))
        {
            Assert.All(progress, p => Assert.Equal(2, p.Epoch));
            Assert.Equal(2, resumed.CompletedEpochs);
            Assert.Equal(new[] { 1.0, 2.0 }, resumed.Manifest.EpochMetrics.Select(m => m["epoch"]));
            resumedWeights = Checkpoint.SaveWeights(resumed.Network);
        }
        // With the moments restored, the resumed run ends exactly where an uninterrupted one does.
        File.Delete(checkpoint);
        using (var whole = ModelTrainer.Train(Request(2, resume: false)))
        {
            Assert.Equal(Checkpoint.SaveWeights(whole.Network), resumedWeights);
        }

        // Stopped during the first batch: the loop finishes that batch and records no epoch.
        using var stop = new CancellationTokenSource();
        progress.Clear();
        File.Delete(checkpoint);
        var request = Request(3, resume: false, stop.Token) with { Progress = p => { progress.Add(p); stop.Cancel(); } };
        using var cancelled = ModelTrainer.Train(request);
        Assert.True(cancelled.Cancelled);
        Assert.Equal(0, cancelled.CompletedEpochs);
        Assert.Single(progress);
    }

    [Fact]
    public void The_same_seed_makes_the_same_micrographs_and_another_seed_others()
    {
        using var package = ModelPackage.Open(SavedGenerator(), CellOps.Sdk.SdkVersion.Current);
        using var generator = Load(package);

        var first = MicrographGenerator.Generate(generator, 4, seed: 9, batchSize: 3).Select(Pixels).ToArray();
        var again = MicrographGenerator.Generate(generator, 2, seed: 9, batchSize: 1).Select(Pixels).ToArray();
        var other = MicrographGenerator.Generate(generator, 4, seed: 10).Select(Pixels).ToArray();

        // Sample i is the same whatever the count and batch size.
        Assert.Equal(first[0], again[0]);
        Assert.Equal(first[1], again[1]);
        Assert.NotEqual(first[0], first[1]);
        for (int i = 0; i < 4; i++) Assert.NotEqual(first[i], other[i]);
    }

    [Fact]
    public void Synthetic_micrographs_carry_their_marker_the_package_hash_the_seed_and_the_class()
    {
        string path = SavedGenerator();
        using var package = ModelPackage.Open(path, CellOps.Sdk.SdkVersion.Current);
        using var generator = Load(package);
        var made = MicrographGenerator.Generate(generator, 3, seed: 77);

        Assert.Equal(3, made.Count);
        string sha = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();
        for (int i = 0; i < made.Count; i++)
        {
            var m = made[i];
            Assert.True(SyntheticMetadata.IsSynthetic(m.Metadata));
            Assert.Equal((64, 64, 3, PixelType.UInt8), (m.Width, m.Height, m.ChannelCount, m.PixelType));
            Assert.Equal("Leukocyte.DCGAN", m.Metadata[SyntheticMetadata.GeneratorKey]);
            Assert.Equal(sha, m.Metadata[SyntheticMetadata.PackageSha256Key]);
            Assert.Equal(("77", i.ToString(), "Eosinophil"), (m.Metadata[SyntheticMetadata.SeedKey], m.Metadata[SyntheticMetadata.SampleKey], m.Metadata[SyntheticMetadata.ClassKey]));
            Assert.Null(m.Path);
        }
        Assert.Equal(3, made.Select(m => m.Name).Distinct().Count());
        Assert.False(SyntheticMetadata.IsSynthetic(ColourBlobCrops.Create(1, 1).Sources[0].Metadata));
    }

    [Fact]
    public void A_classifier_package_is_not_a_generator()
    {
        string path = _folder.File("wnet.cellmodel");
        using (var outcome = ModelTrainer.Train(new TrainingRequest
        {
            Plugin = new LeukocytePlugin(),
            Model = new WNetModel(),
            Tiles = ColourBlobCrops.Create(perClass: 1, seed: 3),
            Options = new TrainingOptions { Epochs = 1, BatchSize = 5, ValidationFraction = 0, HyperParameters = WNetModelTests.Tiny },
            Compute = Cpu,
        }))
        {
            outcome.Save(path);
        }
        using var package = ModelPackage.Open(path, CellOps.Sdk.SdkVersion.Current);
        var ex = Assert.Throws<ArgumentException>(() => LoadedGenerator.Load(package, new WNetModel(), Cpu));
        Assert.Contains("Generation", ex.Message);
    }

    private static byte[] Pixels(Micrograph micrograph)
    {
        var bytes = new byte[micrograph.ChannelCount * micrograph.Width * micrograph.Height];
        using var source = micrograph.OpenPixels();
        source.ReadRegion(0, new PixelRect(0, 0, micrograph.Width, micrograph.Height), bytes);
        return bytes;
    }
}
