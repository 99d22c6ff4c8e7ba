namespace CellOps.Sdk.Imaging;

/// <summary>The numeric type of one sample of a micrograph, as stored in its file.</summary>
public enum PixelType
{
    /// <summary>One bit per sample; read as one byte per sample holding 0 or 1.</summary>
    Bit,
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8,
    /// <summary>Signed 8-bit integer.</summary>
    Int8,
    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16,
    /// <summary>Signed 16-bit integer.</summary>
    Int16,
    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32,
    /// <summary>Signed 32-bit integer.</summary>
    Int32,
    /// <summary>IEEE 32-bit floating point.</summary>
    Float32,
}
