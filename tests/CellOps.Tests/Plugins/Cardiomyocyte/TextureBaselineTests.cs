using CellOps.Plugins.Cardiomyocyte;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Sdk.Models;
using CellOps.Sdk.Torch;
using CellOps.Tests.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Plugins.Cardiomyocyte;

[Collection(TorchCollection.Name)]
public sealed class TextureBaselineTests
{
    [Fact]
    public void The_features_are_a_tiles_mean_its_log_spread_and_its_log_texture()
    {
        // Tile 0 flat at 0.5; tile 1 a checkerboard of 0.25 and 0.75 (mean 0.5, spread 0.25, every step 0.5).
        var values = new float[2 * 8 * 8];
        for (int i = 0; i < 64; i++)
        {
            values[i] = 0.5f;
            values[64 + i] = (i / 8 + i % 8) % 2 == 0 ? 0.25f : 0.75f;
        }
        using var input = torch.tensor(values, new long[] { 2, 1, 8, 8 });
        using var features = TextureBaselineNetwork.Features(input);
        var f = features.data<float>().ToArray();
        Assert.Equal(new long[] { 2, 3 }, features.shape);
        Assert.Equal(0.5f, f[0], 5);
        Assert.Equal(MathF.Log(1e-4f), f[1], 3);
        Assert.Equal(MathF.Log(1e-4f), f[2], 3);
        Assert.Equal(0.5f, f[3], 5);
        Assert.Equal(MathF.Log(0.25f + 1e-4f), f[4], 3);
        Assert.Equal(MathF.Log(1f + 1e-4f), f[5], 3);
    }

    [Fact]
    public void The_baseline_learns_what_brightness_tells_and_trains_like_any_tile_classifier()
    {
        var model = (TextureBaselineModel)new CardiomyocytePlugin().Models[1];
        using var outcome = ModelTrainer.Train(new TrainingRequest
        {
            Plugin = new CardiomyocytePlugin(),
            Model = model,
            Tiles = BlobTiles.Create(micrographs: 8, size: 64),
            Options = new TrainingOptions { Epochs = 60, BatchSize = 16, ValidationFraction = 0.25, Seed = 2 },
            Compute = ComputeContext.Create(DevicePreference.Cpu, threads: 1),
        });
        Assert.True(outcome.Epochs[^1].ValidationAccuracy >= 0.8, $"validation accuracy {outcome.Epochs[^1].ValidationAccuracy}");
        Assert.Equal(2 * TextureBaselineNetwork.FeatureCount + 2, outcome.Network.parameters().Sum(p => p.numel()));
    }
}
