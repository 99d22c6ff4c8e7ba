using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Boxes;

/// <summary>
/// One annotated cell: the image file it lies in, its class, and its bounding box in pixels, with
/// where the annotation came from so that a bad one can be named.
/// </summary>
/// <param name="File">The image's file name (matched against micrograph names, with or without extension).</param>
/// <param name="Class">The cell's class, e.g. <c>WBC</c>.</param>
/// <param name="XMin">Left edge, the first column inside the box.</param>
/// <param name="XMax">Right edge, the first column past the box.</param>
/// <param name="YMin">Top edge, the first row inside the box.</param>
/// <param name="YMax">Bottom edge, the first row past the box.</param>
/// <param name="Origin">Where the box was read, e.g. <c>test.csv</c>.</param>
/// <param name="Row">The box's 1-based row in <paramref name="Origin"/> (data rows, the header not counted).</param>
public sealed record CellBox(string File, string Class, int XMin, int XMax, int YMin, int YMax, string Origin, int Row)
{
    /// <summary>The box as a rectangle (edges as in Pascal VOC's and BCCD's tables: max is exclusive here).</summary>
    public PixelRect Rect => new(XMin, YMin, XMax - XMin, YMax - YMin);

    /// <summary>Where the box was read and which it is, for messages: <c>test.csv row 12</c>.</summary>
    public string Where => $"{Origin} row {Row}";

    /// <inheritdoc />
    public override string ToString() => $"{File} {Class} x {XMin}–{XMax}, y {YMin}–{YMax} ({Where})";
}
