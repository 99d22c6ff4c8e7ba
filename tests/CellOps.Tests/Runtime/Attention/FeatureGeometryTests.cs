using CellOps.Plugins.Leukocyte;
using CellOps.Plugins.NeuralFate;
using CellOps.Runtime.Attention;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime.Attention;

/// <summary>
/// Where Grad-CAM puts each feature cell: traced from the windows of the layers that ran. ResNet's centred stride-2
/// windows put its first cell on the tile's first pixel, so a plain resize of its 2×2 map of a 64-pixel tile would
/// land 16 pixels off; W-Net's 2×2 poolings centre cells on equal parts of the tile, where the trace and a plain
/// bilinear resize agree.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class FeatureGeometryTests
{
    [Fact]
    public void ResNet_cells_are_centred_every_32_pixels_from_the_first_pixel()
    {
        using var network = new ResNetNetwork(ResNetArchitecture.ResNet18, classes: 2);
        var layer = new GradCam(network).FindLayer(torch.zeros(1, 3, 64, 64));
        Assert.Equal("backbone", layer.Name);
        Assert.Equal(new FeatureGeometry(0, 32, 0, 32), layer.Geometry);
    }

    [Fact]
    public void W_Net_cells_are_centred_on_equal_parts_of_the_tile_as_a_plain_resize_assumes()
    {
        using var network = new WNetNetwork(3, 5, depth: 4, baseWidth: 4, hiddenUnits: 8, dropout: 0);
        var layer = new GradCam(network).FindLayer(torch.zeros(1, 3, 64, 64));
        // Four 2×2 poolings: cells 16 pixels apart, the first centred between pixels 7 and 8.
        Assert.Equal(new FeatureGeometry(7.5, 16, 7.5, 16), layer.Geometry);

        // Where the cells tile the image evenly, resampling by the trace is exactly the plain bilinear resize.
        using var scope = torch.NewDisposeScope();
        var cells = torch.rand(2, 1, 4, 4);
        var plain = nn.functional.interpolate(cells, new long[] { 64, 64 }, mode: InterpolationMode.Bilinear, align_corners: false).data<float>().ToArray();
        var traced = layer.Geometry!.Resample(cells.data<float>().ToArray(), 2, 4, 4, 64, 64);
        Assert.Equal(plain.Length, traced.Length);
        for (int i = 0; i < plain.Length; i++) Assert.True(Math.Abs(plain[i] - traced[i]) < 1e-5, $"pixel {i}: {plain[i]} vs {traced[i]}");
    }

    [Fact]
    public void A_ResNet_map_of_one_hot_cell_peaks_where_that_cell_looks()
    {
        // The bottom-right cell of a 2×2 ResNet map is centred on pixel (32, 32), the tile's middle: its value must
        // peak there, not at (48, 48) where a plain resize would put it.
        var geometry = new FeatureGeometry(0, 32, 0, 32);
        var map = geometry.Resample([0f, 0f, 0f, 1f], 1, 2, 2, 64, 64);
        Assert.Equal(1f, map[32 * 64 + 32]);
        Assert.Equal(0f, map[0]);
        Assert.Equal(0.5f, map[16 * 64 + 32], 5);
    }
}
