using BitMiracle.LibTiff.Classic;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// The TIFF Orientation tag's mirrorings (2: left–right, 3: rotated 180°, 4: top–bottom), applied to
/// channel-planar regions after they are read from the stored pixels. The transposing orientations
/// (5 to 8) would swap width and height and are only recorded.
/// </summary>
internal static class TiffOrientation
{
    /// <summary>Whether <paramref name="orientation"/> is applied by mirroring.</summary>
    public static bool IsMirroring(Orientation orientation) => orientation is Orientation.TOPRIGHT or Orientation.BOTRIGHT or Orientation.BOTLEFT;

    public static bool MirrorsColumns(Orientation orientation) => orientation is Orientation.TOPRIGHT or Orientation.BOTRIGHT;

    public static bool MirrorsRows(Orientation orientation) => orientation is Orientation.BOTRIGHT or Orientation.BOTLEFT;

    /// <summary>Where the pixels an upright <paramref name="region"/> shows are stored.</summary>
    public static (int X, int Y) StoredOrigin(Orientation orientation, int x, int y, int width, int height, int imageWidth, int imageHeight) =>
        (MirrorsColumns(orientation) ? imageWidth - x - width : x, MirrorsRows(orientation) ? imageHeight - y - height : y);

    /// <summary>Mirrors <paramref name="planes"/> (channel planes of <paramref name="width"/>×<paramref name="height"/> samples) in place.</summary>
    public static void Mirror(Span<byte> planes, Orientation orientation, int channels, int width, int height, int bytesPerSample)
    {
        int rowBytes = width * bytesPerSample;
        int planeBytes = rowBytes * height;
        Span<byte> sample = stackalloc byte[bytesPerSample];
        for (int c = 0; c < channels; c++)
        {
            var plane = planes.Slice(c * planeBytes, planeBytes);
            if (MirrorsRows(orientation))
            {
                byte[] row = new byte[rowBytes];
                for (int top = 0, bottom = height - 1; top < bottom; top++, bottom--)
                {
                    var a = plane.Slice(top * rowBytes, rowBytes);
                    var b = plane.Slice(bottom * rowBytes, rowBytes);
                    a.CopyTo(row);
                    b.CopyTo(a);
                    row.CopyTo(b);
                }
            }
            if (MirrorsColumns(orientation))
            {
                for (int y = 0; y < height; y++)
                {
                    var row = plane.Slice(y * rowBytes, rowBytes);
                    for (int left = 0, right = width - 1; left < right; left++, right--)
                    {
                        var a = row.Slice(left * bytesPerSample, bytesPerSample);
                        var b = row.Slice(right * bytesPerSample, bytesPerSample);
                        a.CopyTo(sample);
                        b.CopyTo(a);
                        sample.CopyTo(b);
                    }
                }
            }
        }
    }
}
