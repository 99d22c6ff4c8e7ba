using BitMiracle.LibTiff.Classic;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Imaging.Tiff;

/// <summary>Typed access to LibTiff's loosely typed tag values, tolerant of the integer width a file chose.</summary>
internal static class TiffFields
{
    public static long? Long(LibTiff tif, TiffTag tag) => First(tif.GetField(tag));

    public static long? LongDefaulted(LibTiff tif, TiffTag tag) => First(tif.GetFieldDefaulted(tag));

    public static double? Double(LibTiff tif, TiffTag tag)
    {
        var values = tif.GetField(tag);
        if (values is null || values.Length == 0) return null;
        try
        {
            double v = values[0].ToDouble();
            return double.IsFinite(v) ? v : null;
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            return null;
        }
    }

    public static string? String(LibTiff tif, TiffTag tag)
    {
        var values = tif.GetField(tag);
        if (values is null || values.Length == 0) return null;
        string? text = values[0].Value is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : values[0].ToString();
        return text?.TrimEnd('\0');
    }

    /// <summary>An array tag (offsets, byte counts) as longs, whatever integer type LibTiff stored it in.</summary>
    public static long[]? Longs(LibTiff tif, TiffTag tag)
    {
        var values = tif.GetField(tag);
        if (values is null || values.Length == 0) return null;
        // Array tags come either as [array] or as [count, array].
        object? value = values.Length > 1 && values[1].Value is Array ? values[1].Value : values[0].Value;
        return value switch
        {
            long[] a => a,
            ulong[] a => Array.ConvertAll(a, v => v > long.MaxValue ? -1 : (long)v),
            int[] a => Array.ConvertAll(a, v => (long)(uint)v),
            uint[] a => Array.ConvertAll(a, v => (long)v),
            short[] a => Array.ConvertAll(a, v => (long)(ushort)v),
            ushort[] a => Array.ConvertAll(a, v => (long)v),
            _ => null,
        };
    }

    public static string Name(Compression compression) => compression switch
    {
        Compression.NONE => "none",
        Compression.LZW => "LZW",
        Compression.DEFLATE or Compression.ADOBE_DEFLATE => "Deflate",
        Compression.PACKBITS => "PackBits",
        Compression.JPEG => "JPEG",
        Compression.OJPEG => "old-style JPEG",
        Compression.CCITTFAX3 => "CCITT Group 3",
        Compression.CCITTFAX4 => "CCITT Group 4",
        Compression.CCITTRLE or Compression.CCITTRLEW => "CCITT RLE",
        Compression.SGILOG or Compression.SGILOG24 => "SGI LogLuv",
        Compression.JBIG => "JBIG",
        Compression.JP2000 => "JPEG 2000",
        Compression.PIXARLOG => "PixarLog",
        (Compression)34925 => "LZMA",
        (Compression)34887 => "LERC",
        (Compression)50000 => "Zstandard (zstd)",
        (Compression)50001 => "WebP",
        (Compression)50002 or (Compression)52546 => "JPEG XL",
        _ => $"code {(int)compression}",
    };

    public static string Name(Photometric photometric) => photometric switch
    {
        Photometric.SEPARATED => "CMYK (separated)",
        Photometric.YCBCR => "YCbCr",
        Photometric.CIELAB => "CIE L*a*b*",
        Photometric.ICCLAB => "ICC L*a*b*",
        Photometric.ITULAB => "ITU L*a*b*",
        Photometric.PALETTE => "palette",
        Photometric.RGB => "RGB",
        Photometric.MINISBLACK or Photometric.MINISWHITE => "greyscale",
        _ => $"photometric {(int)photometric}",
    };

    private static long? First(FieldValue[]? values)
    {
        if (values is null || values.Length == 0 || values[0].Value is null) return null;
        return values[0].Value switch
        {
            long v => v,
            ulong v => v > long.MaxValue ? -1 : (long)v,
            int v => (uint)v,
            uint v => v,
            short v => (ushort)v,
            ushort v => v,
            byte v => v,
            sbyte v => (byte)v,
            Enum e => Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture),
            _ => TryToLong(values[0]),
        };
    }

    private static long? TryToLong(FieldValue value)
    {
        try
        {
            return value.ToLong();
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            return null;
        }
    }
}
