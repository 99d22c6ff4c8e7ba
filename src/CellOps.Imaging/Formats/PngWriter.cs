using System.Buffers.Binary;
using CellOps.Sdk.Imaging;
using OpenCvSharp;

namespace CellOps.Imaging.Formats;

/// <summary>
/// Writes 8-bit grey, RGB or RGBA PNG files (overlays, stains, figures) atomically: the file is
/// encoded in memory, written beside the target under a temporary name and moved into place, so a
/// reader never sees half an image and a failed write leaves any earlier file intact.
/// </summary>
public static class PngWriter
{
    /// <summary>Encodes and writes one image.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="channels">1 (grey), 3 (RGB) or 4 (RGBA).</param>
    /// <param name="pixels">Interleaved samples, row by row, channels in R, G, B(, A) order.</param>
    /// <param name="pixelSize">Physical pixel size, stored in a pHYs chunk; null stores none.</param>
    /// <exception cref="ArgumentException">The buffer does not match the size, or the pixel size unit is unknown.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static void Write(string path, int width, int height, int channels, ReadOnlySpan<byte> pixels, PixelSize? pixelSize = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (width <= 0 || height <= 0) throw new ArgumentException($"A PNG needs a positive size; got {width}×{height}.");
        if (channels is not (1 or 3 or 4)) throw new ArgumentException($"A PNG here has 1, 3 or 4 channels; got {channels}.");
        if (pixels.Length != (long)width * height * channels)
            throw new ArgumentException($"{width}×{height}×{channels} needs {(long)width * height * channels} bytes; got {pixels.Length}.");
        AtomicFile.Write(path, AddPixelSize(Encode(width, height, channels, pixels), pixelSize));
    }

    private static byte[] Encode(int width, int height, int channels, ReadOnlySpan<byte> pixels)
    {
        // The first OpenCV call of a session may be this one (a synthetic image written before any file
        // was read), so the native library's resolver is registered here too, not only by the reader.
        CellOps.Imaging.Native.NativeLibraryResolver.Register(typeof(Cv2).Assembly);
        var type = channels switch { 1 => MatType.CV_8UC1, 3 => MatType.CV_8UC3, _ => MatType.CV_8UC4 };
        using var mat = new Mat(height, width, type);
        unsafe
        {
            // A fresh Mat is continuous, so its rows are one block.
            pixels.CopyTo(new Span<byte>((void*)mat.Data, pixels.Length));
        }
        // OpenCV stores colour as BGR(A).
        if (channels == 3) Cv2.CvtColor(mat, mat, ColorConversionCodes.RGB2BGR);
        if (channels == 4) Cv2.CvtColor(mat, mat, ColorConversionCodes.RGBA2BGRA);
        if (!Cv2.ImEncode(".png", mat, out byte[] encoded))
            throw new IOException($"OpenCV could not encode a {width}×{height}×{channels} PNG.");
        return encoded;
    }

    // The pHYs chunk goes right after IHDR (the signature is 8 bytes and IHDR 25), in pixels per metre.
    private static byte[] AddPixelSize(byte[] png, PixelSize? size)
    {
        if (size is null) return png;
        double micronsPerUnit = LengthUnits.MicronsPer(size.Unit);
        if (!(size.X > 0) || !(size.Y > 0)) throw new ArgumentException($"Pixel size {size} must be positive.");
        var chunk = new byte[21];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, 9);
        "pHYs"u8.CopyTo(chunk.AsSpan(4));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8), PerMetre(size.X * micronsPerUnit));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(12), PerMetre(size.Y * micronsPerUnit));
        chunk[16] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(17), Crc32.Compute(chunk.AsSpan(4, 13)));
        const int afterHeader = 33;
        var result = new byte[png.Length + chunk.Length];
        png.AsSpan(0, afterHeader).CopyTo(result);
        chunk.CopyTo(result.AsSpan(afterHeader));
        png.AsSpan(afterHeader).CopyTo(result.AsSpan(afterHeader + chunk.Length));
        return result;
    }

    private static uint PerMetre(double microns) => (uint)Math.Clamp(Math.Round(1e6 / microns), 1, uint.MaxValue);
}
