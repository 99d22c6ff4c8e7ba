namespace CellOps.Imaging.Tiff;

/// <summary>A transform applied before LZW or Deflate compression that makes smooth images compress better.</summary>
public enum TiffPredictor
{
    /// <summary>No predictor.</summary>
    None,
    /// <summary>Horizontal differencing, for 8, 16 and 32-bit integer samples.</summary>
    Horizontal,
    /// <summary>Floating-point predictor, for 32-bit float samples.</summary>
    FloatingPoint,
}
