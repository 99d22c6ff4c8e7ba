using System.Globalization;
using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Tiling;

/// <summary>
/// A whole micrograph shrunk (or grown) to one square tile: what a whole-cell classifier sees of a
/// cell crop. The result is a micrograph of its own, held in memory, with the source's name, path,
/// channels and pixel type, so everything downstream treats it as an ordinary tile source, and an
/// epoch of training never decodes the original file again.
/// </summary>
public static class WholeImage
{
    /// <summary>The metadata key that records the source's size, e.g. <c>291×291</c>.</summary>
    public const string ResizedFromKey = "CellOps.ResizedFrom";

    /// <summary>
    /// Reads frame <paramref name="frame"/> of <paramref name="micrograph"/> whole and resizes it to
    /// <paramref name="size"/> × <paramref name="size"/> by bilinear interpolation, every channel kept.
    /// The aspect ratio is not kept: a crop that is not square is stretched.
    /// </summary>
    /// <exception cref="MicrographReadException">The pixels cannot be read.</exception>
    public static Micrograph Resize(Micrograph micrograph, int frame, int size, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(micrograph);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        cancellationToken.ThrowIfCancellationRequested();
        int channels = micrograph.ChannelCount;
        var whole = new PixelRect(0, 0, micrograph.Width, micrograph.Height);
        var pixels = new float[checked(whole.Area * channels)];
        using (var source = micrograph.OpenPixels())
        {
            source.ReadRegion(frame, whole, pixels.AsSpan());
        }
        var resized = new float[size * size * channels];
        BilinearResize.Resize(pixels, micrograph.Width, micrograph.Height, channels, size, size, resized);
        var raw = SampleEncoder.Encode(resized, micrograph.PixelType);
        var array = ArrayPixelSource.FromRaw(raw, micrograph.PixelType, size, size, channels);

        var metadata = new Dictionary<string, string>(micrograph.Metadata)
        {
            [ResizedFromKey] = string.Create(CultureInfo.InvariantCulture, $"{micrograph.Width}×{micrograph.Height}"),
        };
        // Each axis's pixel size grows by that axis's shrink factor (a crop that is not square is
        // stretched unevenly); an unknown pixel size stays unknown.
        var pixelSize = micrograph.PixelSize is { } p ? p with { X = p.X * micrograph.Width / size, Y = p.Y * micrograph.Height / size } : null;
        return new Micrograph(micrograph.Name, micrograph.Path, size, size, micrograph.PixelType, 1, micrograph.Channels,
            pixelSize, metadata, () => array);
    }
}
