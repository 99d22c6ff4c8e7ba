using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Tiff;

/// <summary>How <see cref="TiffWriter"/> lays out and encodes one page.</summary>
public sealed record TiffWriteOptions
{
    /// <summary>Type of each sample.</summary>
    public PixelType PixelType { get; init; } = PixelType.UInt16;

    /// <summary>Samples (channels) per pixel, 1 or more.</summary>
    public int SamplesPerPixel { get; init; } = 1;

    /// <summary>Store each channel in its own planes (PlanarConfiguration = separate) rather than interleaved.</summary>
    public bool Planar { get; init; }

    /// <summary>Rows per strip when writing strips; 0 chooses strips of about 64 KB.</summary>
    public int RowsPerStrip { get; init; }

    /// <summary>Tile width; 0 writes strips. Tile sizes must be multiples of 16.</summary>
    public int TileWidth { get; init; }

    /// <summary>Tile height; 0 means the same as <see cref="TileWidth"/>.</summary>
    public int TileHeight { get; init; }

    /// <summary>Compression of strips and tiles.</summary>
    public TiffCompression Compression { get; init; } = TiffCompression.None;

    /// <summary>Predictor for LZW and Deflate.</summary>
    public TiffPredictor Predictor { get; init; } = TiffPredictor.None;

    /// <summary>JPEG quality, 1 to 100.</summary>
    public int JpegQuality { get; init; } = 90;

    /// <summary>
    /// Store three or four 8/16-bit samples as RGB (with the fourth as an unspecified extra sample);
    /// null chooses RGB for exactly 3 such samples. Other images are stored as MinIsBlack.
    /// </summary>
    public bool? Rgb { get; init; }

    /// <summary>ImageDescription text, for example OME-XML; null writes none.</summary>
    public string? Description { get; init; }

    /// <summary>Physical pixel size, stored as XResolution/YResolution in pixels per centimetre.</summary>
    public PixelSize? PixelSize { get; init; }

    /// <summary>Software tag.</summary>
    public string? Software { get; init; } = "CellOps";

    /// <summary>True when the page is written as tiles.</summary>
    public bool Tiled => TileWidth > 0;
}
