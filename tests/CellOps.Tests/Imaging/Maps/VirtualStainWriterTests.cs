using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Imaging.Maps;
using CellOps.Runtime.Metrics;
using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Imaging.Maps;

public sealed class VirtualStainWriterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // A 16-bit phase-contrast field of 32×16 at 0.65 µm per pixel, written and read back as a user's would be.
    private Micrograph Field()
    {
        var pixels = new ushort[32 * 16];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (ushort)(1000 + i);
        string path = _folder.File("field.tif");
        TiffWriter.Write(path, 32, 16, new TiffWriteOptions { PixelType = PixelType.UInt16, PixelSize = new PixelSize(0.65, 0.65, "µm") },
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(pixels.AsSpan()).ToArray());
        return MicrographLoader.Load(path);
    }

    private static ProbabilityMap TwoTiles(Micrograph field)
    {
        var assembler = new MapAssembler(field.Width, field.Height, 2);
        assembler.Add(new PixelRect(0, 0, 16, 16), [0.9f, 0.1f]);
        assembler.Add(new PixelRect(16, 0, 16, 16), [0.25f, 0.75f]);
        return assembler.Build(field, ["negative", "positive"]);
    }

    [Fact]
    public void Writes_the_probabilities_the_stain_and_the_overlay_with_the_fields_pixel_size()
    {
        var field = Field();
        var map = TwoTiles(field);
        var files = VirtualStainFiles.ForStem(_folder.File("field"), 2);
        var stain = VirtualStainWriter.Write(map, files);

        Assert.Equal(0.5, stain.PositiveArea, 12);
        var probability = MicrographLoader.Load(files.Probability);
        Assert.Equal(PixelType.Float32, probability.PixelType);
        Assert.Equal(0.65, probability.PixelSize!.X, 4);
        var values = new float[32 * 16];
        using (var source = probability.OpenPixels()) source.ReadRegion(0, new PixelRect(0, 0, 32, 16), values.AsSpan());
        Assert.Equal(0.1f, values[0], 6);
        Assert.Equal(0.75f, values[31], 6);

        var binary = MicrographLoader.Load(files.Stain);
        Assert.Equal(PixelType.UInt8, binary.PixelType);
        using (var source = binary.OpenPixels()) source.ReadRegion(0, new PixelRect(0, 0, 32, 16), values.AsSpan());
        Assert.Equal(0, values[0]);
        Assert.Equal(255, values[31]);

        var overlay = MicrographLoader.Load(files.Overlay);
        Assert.Equal(3, overlay.ChannelCount);
        Assert.Equal((32, 16), (overlay.Width, overlay.Height));
        Assert.Equal(0.65, overlay.PixelSize!.X, 3);
    }

    [Fact]
    public void The_overlay_tints_stained_pixels_green_and_leaves_unstained_ones_grey()
    {
        var field = Field();
        var rgb = VirtualStainWriter.Overlay(TwoTiles(field), new VirtualStainOptions { Opacity = 1 });
        int left = (8 * 32 + 4) * 3, right = (8 * 32 + 28) * 3;
        // Left tile: P = 0.1, a faint tint; right tile: P = 0.75, mostly the stain colour.
        Assert.True(rgb[right + 1] > rgb[right] + 100, $"right pixel {rgb[right]},{rgb[right + 1]},{rgb[right + 2]} is not green");
        Assert.True(Math.Abs(rgb[left + 1] - rgb[left]) < 40, $"left pixel {rgb[left]},{rgb[left + 1]},{rgb[left + 2]} is strongly tinted");
    }

    [Fact]
    public void More_than_two_classes_give_a_label_map_and_one_probability_page_per_class()
    {
        var field = Field();
        var assembler = new MapAssembler(32, 16, 3);
        // One tile with a 2×2 grid of cells: top-left class 0, top-right 1, bottom row 2.
        assembler.Add(new PixelRect(0, 0, 32, 16), [0.6f, 0.2f, 0.2f, 0.1f, 0.7f, 0.2f, 0.1f, 0.2f, 0.7f, 0.3f, 0.3f, 0.4f], grid: 2);
        var files = VirtualStainFiles.ForStem(_folder.File("labels"), 3);
        Assert.EndsWith(".labels.tif", files.Stain);
        var stain = VirtualStainWriter.Write(assembler.Build(field, ["background", "undifferentiated", "differentiated"]), files);
        Assert.Equal(0.75, stain.PositiveArea, 12);

        Assert.Equal(3, MicrographLoader.Load(files.Probability).FrameCount);
        var labels = MicrographLoader.Load(files.Stain);
        var values = new float[32 * 16];
        using (var source = labels.OpenPixels()) source.ReadRegion(0, new PixelRect(0, 0, 32, 16), values.AsSpan());
        Assert.Equal([0f, 1f, 2f, 2f], new[] { values[0], values[31], values[15 * 32], values[15 * 32 + 31] });
    }

    [Fact]
    public void The_stain_is_scored_against_the_binarized_pair_pixel_by_pixel()
    {
        // The pair marks columns 12..31 positive (200 on 10); the stain is P = 0.75 on columns 16..31.
        var pairPixels = new byte[32 * 16];
        for (int i = 0; i < pairPixels.Length; i++) pairPixels[i] = (byte)(i % 32 >= 12 ? 200 : 10);
        var field = Field().WithPair(new ArrayPixelSource(pairPixels, 32, 16).ToMicrograph("field_gfp.png", ChannelRole.Fluorescence));
        var report = StainEvaluation.Evaluate(TwoTiles(field));
        // Stained 16 columns, truly positive 20, overlap 16: IoU 16/20, Dice 32/36.
        Assert.Equal(16.0 / 20, report.PerClass[1].Iou!.Value, 12);
        Assert.Equal(32.0 / 36, report.PerClass[1].Dice!.Value, 12);
        Assert.Equal(12.0 / 16, report.PerClass[0].Iou!.Value, 12);
    }
}
