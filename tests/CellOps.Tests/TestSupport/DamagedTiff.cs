using BitMiracle.LibTiff.Classic;
using OpenCvSharp;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Tests.TestSupport;

/// <summary>
/// Writes a greyscale image as a Deflate TIFF of several strips, optionally with one strip's
/// compressed data overwritten: the header and directory stay valid, so the damage is found only
/// when that strip's pixels are read.
/// </summary>
internal static class DamagedTiff
{
    public static void FromPng(string png, string tif, bool damageStrip)
    {
        using var image = Cv2.ImRead(png, ImreadModes.Grayscale);
        const int rowsPerStrip = 32;
        using (var tiff = LibTiff.Open(tif, "w"))
        {
            tiff.SetField(TiffTag.IMAGEWIDTH, image.Width);
            tiff.SetField(TiffTag.IMAGELENGTH, image.Height);
            tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
            tiff.SetField(TiffTag.COMPRESSION, Compression.DEFLATE);
            tiff.SetField(TiffTag.ROWSPERSTRIP, rowsPerStrip);
            var row = new byte[image.Width];
            for (int y = 0; y < image.Height; y++)
            {
                for (int x = 0; x < image.Width; x++) row[x] = image.At<byte>(y, x);
                tiff.WriteScanline(row, y);
            }
        }
        if (!damageStrip) return;

        long offset, length;
        using (var tiff = LibTiff.Open(tif, "r"))
        {
            int strip = tiff.NumberOfStrips() / 2;
            offset = tiff.GetField(TiffTag.STRIPOFFSETS)[0].ToIntArray()[strip];
            length = tiff.GetField(TiffTag.STRIPBYTECOUNTS)[0].ToIntArray()[strip];
        }
        var bytes = File.ReadAllBytes(tif);
        for (long i = offset; i < offset + length; i++) bytes[i] = 0xFF;
        File.WriteAllBytes(tif, bytes);
    }
}
