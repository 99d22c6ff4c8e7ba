using CellOps.Imaging.Formats;
using CellOps.Runtime.Data;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using Xunit;

namespace CellOps.Tests.Runtime;

public sealed class TileTensorizerTests
{
    public TileTensorizerTests() => TorchBackend.EnsureLoaded();

    private static Tile TileOf(ArrayPixelSource pixels, int size, int x = 0, int y = 0, int label = -1) =>
        new(0, pixels.ToMicrograph("m.png"), 0, new PixelRect(x, y, size, size), label);

    [Fact]
    public void Unit_range_divides_by_the_pixel_types_maximum_and_keeps_NCHW_order()
    {
        var pixels = new ArrayPixelSource(new ushort[] { 0, 65535, 1, 2, 13107, 26214, 3, 4 }, 4, 2);
        using var tensorizer = new TileTensorizer(new InputSpec(2, 1, Normalization.UnitRange), EdgePolicy.Drop);
        using var batch = tensorizer.Inputs(new[] { TileOf(pixels, 2), TileOf(pixels, 2, x: 2) }, torch.CPU);

        Assert.Equal(new long[] { 2, 1, 2, 2 }, batch.shape);
        var values = batch.data<float>().ToArray();
        Assert.Equal(new[] { 0f, 1f, 0.2f, 0.4f }, values[..4].Select(v => (float)Math.Round(v, 6)));
        Assert.Equal(1f / 65535, values[4], 6);
    }

    [Fact]
    public void Per_tile_standardisation_gives_mean_zero_and_unit_deviation_and_zeros_for_a_flat_tile()
    {
        // Two 2×2 tiles side by side: a ramp and a flat one.
        var pixels = new ArrayPixelSource(new byte[] { 10, 20, 7, 7, 30, 40, 7, 7 }, 4, 2);
        using var tensorizer = new TileTensorizer(new InputSpec(2, 1, Normalization.PerTileStandardize), EdgePolicy.Drop);
        using var batch = tensorizer.Inputs(new[] { TileOf(pixels, 2), TileOf(pixels, 2, x: 2) }, torch.CPU);
        var values = batch.data<float>().ToArray();

        var first = values[..4];
        Assert.Equal(0, first.Average(), 5);
        Assert.Equal(1, Math.Sqrt(first.Select(v => v * v).Average()), 5);
        Assert.All(values[4..], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void A_colour_tile_feeds_a_one_channel_model_as_the_mean_of_its_channels()
    {
        // Three planes of a 2×2 image: R, G, B.
        var pixels = new ArrayPixelSource(new byte[] { 30, 0, 0, 0, 60, 0, 0, 3, 90, 0, 0, 6 }, 2, 2, channels: 3);
        using var tensorizer = new TileTensorizer(new InputSpec(2, 1, Normalization.None), EdgePolicy.Drop);
        using var batch = tensorizer.Inputs(new[] { TileOf(pixels, 2) }, torch.CPU);
        Assert.Equal(new[] { 60f, 0, 0, 3 }, batch.data<float>().ToArray());
    }

    [Fact]
    public void A_tile_of_the_wrong_size_is_refused_with_the_size_to_use()
    {
        var pixels = new ArrayPixelSource(new byte[16], 4, 4);
        using var tensorizer = new TileTensorizer(new InputSpec(2, 1, Normalization.None), EdgePolicy.Drop);
        var error = Assert.Throws<ArgumentException>(() => tensorizer.Inputs(new[] { TileOf(pixels, 4) }, torch.CPU));
        Assert.Contains("-Size 2", error.Message);
    }

    [Fact]
    public void Labels_become_an_int64_vector_and_unlabelled_tiles_are_refused()
    {
        var pixels = new ArrayPixelSource(new byte[16], 4, 4);
        using var labels = TileTensorizer.Labels(new[] { TileOf(pixels, 2, label: 1), TileOf(pixels, 2, label: 0) }, torch.CPU);
        Assert.Equal(torch.ScalarType.Int64, labels.dtype);
        Assert.Equal(new long[] { 1, 0 }, labels.data<long>().ToArray());
        Assert.Throws<ArgumentException>(() => TileTensorizer.Labels(new[] { TileOf(pixels, 2) }, torch.CPU));
    }
}
