using CellOps.Imaging.Formats;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Translation;
using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Runtime.Translation;

[Collection(TorchCollection.Name)]
public sealed class TranslatedStainWriterTests
{
    private static readonly ComputeContext Cpu = ComputeContext.Create(DevicePreference.Cpu, threads: 1);

    [Fact]
    public void The_prediction_is_written_as_float32_pages_with_the_pixel_size_its_binarisation_and_an_overlay()
    {
        using var folder = new TempFolder();
        // Two channels: bright squares on a floor, in the counts of a 16-bit marker.
        int width = 48, height = 40;
        var pixels = new float[2 * width * height];
        for (int c = 0; c < 2; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++) pixels[(c * height + y) * width + x] = x / 12 % 2 == c && y / 10 % 2 == 0 ? 40000 : 12000;
            }
        }
        var source = new ArrayPixelSource(pixels, width, height, channels: 2);
        var micrograph = new Micrograph("field", null, width, height, PixelType.Float32, 1,
            new[] { new ChannelInfo(0, "a", ChannelRole.PhaseContrast), new ChannelInfo(1, "b", ChannelRole.PhaseContrast) },
            new PixelSize(0.65, 0.65, "µm"), null, () => source);
        using var package = ModelPackage.Open(CellOps.Tests.Reporting.TranslatedFields.IdentityPackage(folder, new[] { "DAPI", "MAP2" }), CellOps.Sdk.SdkVersion.Current);
        using var model = LoadedModel.Load(package, TranslationTestPlugin.Identity, Cpu);
        var predicted = TranslationPredictor.Predict(model, micrograph, 8, 4);
        var files = TranslatedStainFiles.ForStem(folder.File("field"));

        var found = TranslatedStainWriter.Write(predicted, files);

        var written = MicrographLoader.Load(files.Prediction, new MicrographLoadOptions { Read = new ImageReadOptions { PagesAsChannels = true } });
        Assert.Equal((PixelType.Float32, 2, width, height), (written.PixelType, written.ChannelCount, written.Width, written.Height));
        Assert.Equal(0.65, written.PixelSize!.X, 6);
        var back = new float[pixels.Length];
        using (var read = written.OpenPixels()) read.ReadRegion(0, new PixelRect(0, 0, width, height), back.AsSpan());
        for (int i = 0; i < pixels.Length; i++) Assert.Equal(pixels[i], back[i], 0.05);

        // Otsu splits floor from squares in each channel: the stain is the squares, a quarter of the image each.
        var stain = MicrographLoader.Load(files.Stain, new MicrographLoadOptions { Read = new ImageReadOptions { PagesAsChannels = true } });
        Assert.Equal((PixelType.UInt8, 2), (stain.PixelType, stain.ChannelCount));
        var bytes = new float[2 * width * height];
        using (var read = stain.OpenPixels()) read.ReadRegion(0, new PixelRect(0, 0, width, height), bytes.AsSpan());
        for (int i = 0; i < pixels.Length; i++) Assert.Equal(pixels[i] > 20000 ? 255f : 0f, bytes[i]);
        Assert.Equal(new[] { "DAPI", "MAP2" }, found.Select(f => f.Channel));
        Assert.All(found, f => Assert.InRange(f.Threshold, 12000, 40000));
        var area = pixels.Take(width * height).Count(v => v > 20000) / (double)(width * height);
        Assert.Equal(area, found[0].PositiveFraction, 6);

        var overlay = MicrographLoader.Load(files.Overlay);
        Assert.Equal((width, height, 3), (overlay.Width, overlay.Height, overlay.ChannelCount));

        // A scored prediction reuses the thresholds scoring found: the same values, no second pass.
        var paired = TranslationPredictor.Predict(model, micrograph.WithPair(micrograph), 8, 4);
        paired.Score();
        var again = TranslatedStainWriter.Write(paired, TranslatedStainFiles.ForStem(folder.File("scored")));
        Assert.Equal(found.Select(f => f.Threshold), again.Select(f => f.Threshold));
        Assert.Equal(found.Select(f => f.PositiveFraction), again.Select(f => f.PositiveFraction));
    }
}
