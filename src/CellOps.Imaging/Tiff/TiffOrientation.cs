using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// The TIFF Orientation tag, applied to channel-planar regions after they are read from the stored
/// pixels: the mirrorings (2: left–right, 3: rotated 180°, 4: top–bottom) in place, the transpositions
/// (5: stored rows are the columns, 6: rotated 90° clockwise to view, 7: transposed across the other
/// diagonal, 8: rotated 90° anticlockwise), which swap width and height, into a second buffer.
/// </summary>
internal static class TiffOrientation
{
    /// <summary>Whether <paramref name="orientation"/> puts stored rows upright as columns (5 to 8).</summary>
    public static bool IsTransposing(Orientation orientation) => orientation is >= Orientation.LEFTTOP and <= Orientation.LEFTBOT;

    /// <summary>Of a transposing orientation: whether the stored rows run right to left across the upright image.</summary>
    private static bool ReversesRows(Orientation orientation) => orientation is Orientation.RIGHTTOP or Orientation.RIGHTBOT;

    /// <summary>Of a transposing orientation: whether the stored columns run bottom to top in the upright image.</summary>
    private static bool ReversesColumns(Orientation orientation) => orientation is Orientation.RIGHTBOT or Orientation.LEFTBOT;

    /// <summary>
    /// The stored rectangle (in a <paramref name="storedWidth"/>×<paramref name="storedHeight"/> page) that an
    /// upright region at <paramref name="x"/>, <paramref name="y"/> of <paramref name="width"/>×<paramref name="height"/>
    /// shows under a transposing orientation: upright x runs along stored rows, upright y along stored columns.
    /// </summary>
    public static (int X, int Y, int Width, int Height) StoredRect(Orientation orientation, int x, int y, int width, int height, int storedWidth, int storedHeight) =>
        (ReversesColumns(orientation) ? storedWidth - y - height : y,
         ReversesRows(orientation) ? storedHeight - x - width : x,
         height,
         width);

    /// <summary>
    /// Writes the upright <paramref name="width"/>×<paramref name="height"/> region into <paramref name="upright"/>
    /// from <paramref name="stored"/>, the <see cref="StoredRect"/> read as stored (<paramref name="height"/> wide,
    /// <paramref name="width"/> high), channel plane by channel plane.
    /// </summary>
    public static void Transpose(ReadOnlySpan<byte> stored, Span<byte> upright, Orientation orientation, int channels, int width, int height, int bytesPerSample)
    {
        int storedWidth = height, storedHeight = width;
        int planeBytes = width * height * bytesPerSample;
        bool reverseRows = ReversesRows(orientation), reverseColumns = ReversesColumns(orientation);
        for (int c = 0; c < channels; c++)
        {
            var source = stored.Slice(c * planeBytes, planeBytes);
            var target = upright.Slice(c * planeBytes, planeBytes);
            switch (bytesPerSample)
            {
                case 1:
                    Transpose(source, target, width, height, storedWidth, storedHeight, reverseRows, reverseColumns);
                    break;
                case 2:
                    Transpose(MemoryMarshal.Cast<byte, ushort>(source), MemoryMarshal.Cast<byte, ushort>(target), width, height, storedWidth, storedHeight, reverseRows, reverseColumns);
                    break;
                case 4:
                    Transpose(MemoryMarshal.Cast<byte, uint>(source), MemoryMarshal.Cast<byte, uint>(target), width, height, storedWidth, storedHeight, reverseRows, reverseColumns);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(bytesPerSample), bytesPerSample, "Samples are 1, 2 or 4 bytes.");
            }
        }
    }

    private static void Transpose<T>(ReadOnlySpan<T> source, Span<T> target, int width, int height, int storedWidth, int storedHeight,
        bool reverseRows, bool reverseColumns)
    {
        for (int y = 0; y < height; y++)
        {
            int column = reverseColumns ? storedWidth - 1 - y : y;
            var row = target.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                row[x] = source[(reverseRows ? storedHeight - 1 - x : x) * storedWidth + column];
            }
        }
    }

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
