namespace CellOps.Imaging.Tiff;

/// <summary>How <see cref="TiffWriter"/> compresses strips and tiles.</summary>
public enum TiffCompression
{
    /// <summary>Uncompressed: fastest to read and write, largest on disk.</summary>
    None,
    /// <summary>LZW, lossless; pair with <see cref="TiffPredictor.Horizontal"/> for smooth images.</summary>
    Lzw,
    /// <summary>Deflate (zlib), lossless; usually smaller than LZW, and fast to write where the system has libdeflate.</summary>
    Deflate,
    /// <summary>PackBits run-length coding, lossless; good for masks and labels.</summary>
    PackBits,
    /// <summary>JPEG, lossy; 8-bit unsigned samples only.</summary>
    Jpeg,
}
