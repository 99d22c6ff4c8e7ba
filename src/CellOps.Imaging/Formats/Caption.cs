using OpenCvSharp;

namespace CellOps.Imaging.Formats;

/// <summary>Writes short captions into RGB images (figure headers) with OpenCV's built-in stroke font, which needs no font files.</summary>
public static class Caption
{
    /// <summary>Height in pixels a caption line takes at <paramref name="scale"/>, with its margins.</summary>
    public static int LineHeight(double scale = 0.5) => (int)Math.Ceiling(30 * scale) + 8;

    /// <summary>Draws <paramref name="text"/> into an interleaved RGB image, its baseline at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <param name="rgb">Width×Height×3 bytes, row by row.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="x">Left edge of the text.</param>
    /// <param name="y">Baseline of the text.</param>
    /// <param name="text">The caption (ASCII; other characters show as '?').</param>
    /// <param name="colour">Text colour.</param>
    /// <param name="scale">Font scale (0.5: about 11 pixels high).</param>
    public static void Draw(byte[] rgb, int width, int height, int x, int y, string text, (byte R, byte G, byte B) colour, double scale = 0.5)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(text);
        if (rgb.Length != (long)width * height * 3) throw new ArgumentException($"{width}×{height} RGB needs {(long)width * height * 3} bytes; got {rgb.Length}.", nameof(rgb));
        var ascii = new string(text.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
        // A caption can be the first OpenCV call of a session (a contact sheet of in-memory images):
        // OpenCV's native library must be found through CellOps' resolver before its type loads.
        Native.NativeLibraryResolver.Register(typeof(Cv2).Assembly);
        using var mat = Mat.FromPixelData(height, width, MatType.CV_8UC3, rgb);
        // The Mat shares the array; OpenCV's colour order is whatever the buffer holds, here R, G, B.
        Cv2.PutText(mat, ascii, new Point(x, y), HersheyFonts.HersheySimplex, scale, new Scalar(colour.R, colour.G, colour.B), 1, LineTypes.AntiAlias);
    }
}
