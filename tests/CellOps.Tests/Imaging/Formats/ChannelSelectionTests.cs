using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Imaging.Formats;

public sealed class ChannelSelectionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // A 4×2 RGB PNG whose red, green and blue samples are 10 + i, 100 + i and 200 + i at pixel i.
    private string Rgb()
    {
        var pixels = new byte[4 * 2 * 3];
        for (int i = 0; i < 8; i++) (pixels[i * 3], pixels[i * 3 + 1], pixels[i * 3 + 2]) = ((byte)(10 + i), (byte)(100 + i), (byte)(200 + i));
        string path = _folder.File("rgb.png");
        PngWriter.Write(path, 4, 2, 3, pixels);
        return path;
    }

    [Fact]
    public void Keeps_the_chosen_channels_in_the_chosen_order_with_their_names()
    {
        var micrograph = MicrographLoader.Load(Rgb(), new MicrographLoadOptions { Channels = [2, 1], Roles = [ChannelRole.BrightField] });
        Assert.Equal(2, micrograph.ChannelCount);
        Assert.Equal(["Blue", "Green"], micrograph.Channels.Select(c => c.Name));
        Assert.All(micrograph.Channels, c => Assert.Equal(ChannelRole.BrightField, c.Role));

        var samples = new float[2 * 8];
        using (var pixels = micrograph.OpenPixels()) pixels.ReadRegion(0, new PixelRect(0, 0, 4, 2), samples.AsSpan());
        Assert.Equal(Enumerable.Range(0, 8).Select(i => 200f + i).Concat(Enumerable.Range(0, 8).Select(i => 100f + i)), samples);
    }

    [Fact]
    public void A_channel_the_file_does_not_have_or_one_chosen_twice_is_refused()
    {
        string path = Rgb();
        var missing = Assert.Throws<ArgumentException>(() => MicrographLoader.Load(path, new MicrographLoadOptions { Channels = [3] }));
        Assert.Contains("no channel 3", missing.Message);
        Assert.Throws<ArgumentException>(() => MicrographLoader.Load(path, new MicrographLoadOptions { Channels = [1, 1] }));
    }
}
