namespace CellOps.Sdk.Imaging;

/// <summary>A rectangle of pixels. X and Y may be negative and the rectangle may reach past the
/// image for tiles that are padded or reflected at the edges.</summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    /// <summary>One past the right-most column.</summary>
    public int Right => X + Width;

    /// <summary>One past the bottom row.</summary>
    public int Bottom => Y + Height;

    /// <summary>Number of pixels in the rectangle.</summary>
    public long Area => (long)Width * Height;

    /// <summary>True when the rectangle lies wholly inside an image of the given size.</summary>
    public bool IsInside(int imageWidth, int imageHeight) =>
        X >= 0 && Y >= 0 && Width >= 0 && Height >= 0 && Right <= imageWidth && Bottom <= imageHeight;

    /// <inheritdoc />
    public override string ToString() => $"{X},{Y} {Width}×{Height}";
}
