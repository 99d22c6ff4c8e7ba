namespace CellOps.Sdk.Imaging;

/// <summary>Facts about <see cref="PixelType"/> values.</summary>
public static class PixelTypeExtensions
{
    /// <summary>Bytes one sample of this type occupies in a raw region buffer (a bit takes a whole byte).</summary>
    public static int BytesPerSample(this PixelType type) => type switch
    {
        PixelType.Bit or PixelType.UInt8 or PixelType.Int8 => 1,
        PixelType.UInt16 or PixelType.Int16 => 2,
        PixelType.UInt32 or PixelType.Int32 or PixelType.Float32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown pixel type."),
    };

    /// <summary>The largest value a sample of an integer type can hold (1 for <see cref="PixelType.Bit"/>, 1.0 for float).</summary>
    public static double MaxValue(this PixelType type) => type switch
    {
        PixelType.Bit => 1,
        PixelType.UInt8 => byte.MaxValue,
        PixelType.Int8 => sbyte.MaxValue,
        PixelType.UInt16 => ushort.MaxValue,
        PixelType.Int16 => short.MaxValue,
        PixelType.UInt32 => uint.MaxValue,
        PixelType.Int32 => int.MaxValue,
        PixelType.Float32 => 1.0,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown pixel type."),
    };
}
