using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using CellOps.Sdk.Imaging;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// One TIFF page (image file directory): its validated geometry and how its samples are decoded, either
/// natively from LibTiff's decoded strips/tiles, or through LibTiff's RGBA conversion for photometric
/// interpretations CellOps does not interpret itself.
/// </summary>
internal sealed class TiffPage
{
    /// <summary>Largest width or height accepted; beyond this a size field is taken as damage.</summary>
    public const int MaxDimension = 1 << 24;

    /// <summary>Largest decoded strip or tile held in memory at once.</summary>
    private const long MaxChunkBytes = 1L << 30;

    private const int MaxSamplesPerPixel = 64;

    private ushort[]? _paletteRed, _paletteGreen, _paletteBlue;
    private TiffChunkDecoder? _direct;

    private TiffPage() { }

    public int Index { get; private init; }
    public int Width { get; private init; }
    public int Height { get; private init; }
    public int SamplesPerPixel { get; private init; }
    public int BitsPerSample { get; private init; }
    public SampleFormat SampleFormat { get; private init; }
    public Photometric Photometric { get; private init; }
    public Compression Compression { get; private init; }
    public bool Planar { get; private init; }
    public bool Tiled { get; private init; }
    public bool ReducedResolution { get; private init; }
    public int ChunkWidth { get; private init; }
    public int ChunkHeight { get; private init; }
    public int ChunksAcross { get; private init; }
    public int ChunksDown { get; private init; }
    public string? Description { get; private init; }

    /// <summary>Type of the samples this page delivers.</summary>
    public PixelType PixelType { get; private init; }

    /// <summary>Channels this page delivers (3 for palette images, 3 or 4 through RGBA).</summary>
    public int ChannelCount { get; private init; }

    /// <summary>Decoded through LibTiff's RGBA conversion into 8-bit RGB(A).</summary>
    public bool ViaRgba { get; private init; }

    /// <summary>MinIsWhite integers are inverted so that a higher value is brighter in every CellOps image.</summary>
    public bool Invert { get; private init; }

    /// <summary>8/16-bit unsigned or float CMYK converted to RGB by CellOps.</summary>
    public bool Cmyk { get; private init; }

    /// <summary>Compressed with a codec only the system's libtiff has (<see cref="SystemLibTiff"/>).</summary>
    public bool SystemCodec { get; private init; }

    /// <summary>Samples without a pixel type of their own, widened by <see cref="TiffSampleWidener"/>.</summary>
    public bool Widened { get; private init; }

    /// <summary>Type of the decoded samples before palette expansion (the palette's index type).</summary>
    private PixelType DecodedType { get; init; }

    /// <summary>Horizontal differencing on odd-width samples, undone by CellOps rather than LibTiff.</summary>
    public bool UndoPredictor { get; private init; }

    /// <summary>The Orientation tag: mirrorings (2, 3, 4) and transpositions (5 to 8) are applied on read.</summary>
    public Orientation Orientation { get; private init; }

    /// <summary>The orientation is a mirroring that CellOps applies (LibTiff's RGBA conversion handles its own).</summary>
    private bool MirrorsOnRead => !ViaRgba && TiffOrientation.IsMirroring(Orientation);

    /// <summary>The orientation is a transposition that CellOps applies: the page is read upright, its width and height swapped.</summary>
    private bool TransposesOnRead => !ViaRgba && TiffOrientation.IsTransposing(Orientation);

    /// <summary>Width of the page as delivered, upright.</summary>
    public int OutputWidth => TransposesOnRead ? Height : Width;

    /// <summary>Height of the page as delivered, upright.</summary>
    public int OutputHeight => TransposesOnRead ? Width : Height;

    /// <summary>JPEG-compressed YCbCr that LibTiff converts to RGB while decoding.</summary>
    public bool JpegToRgb { get; private init; }

    /// <summary>Strips too large for the cache, read scanline by scanline.</summary>
    public bool ScanlineMode { get; private init; }

    public bool IsPalette => _paletteRed is not null;

    /// <summary>A palette image whose extra sample is alpha, scaled to the 16 bits of the colour map's RGB;
    /// an extra sample of another kind keeps its values.</summary>
    public bool PaletteAlpha { get; private init; }

    /// <summary>What the palette expansion made of the page, for metadata.</summary>
    public string PaletteDescription => SamplesPerPixel == 1
        ? "expanded to 16-bit RGB through the colour map"
        : "expanded to 16-bit RGB through the colour map; the extra sample follows as channel 4"
          + (PaletteAlpha ? " (alpha, scaled to 16 bits)" : " (values kept)");

    private int ChunkSamples => ViaRgba ? 4 : Planar ? 1 : SamplesPerPixel;
    private int DecodedBits => ViaRgba ? 8 : BitsPerSample;
    private int RowStride { get; init; }

    /// <summary>Rows per real TIFF strip; differs from <see cref="ChunkHeight"/> in scanline mode.</summary>
    private int StripHeight { get; init; }
    private int ChunkBytes { get; init; }

    /// <summary>Reads and validates the current directory of <paramref name="tif"/>.</summary>
    /// <param name="directDecoding">Whether common layouts may be decoded by <see cref="TiffChunkDecoder"/> rather than LibTiff.</param>
    public static TiffPage Describe(LibTiff tif, int index, string path, long fileLength, long cacheBudget, bool directDecoding = true)
    {
        string where = $"page {index + 1}";
        MicrographReadException Corrupt(string p) => new(path, MicrographReadFailure.Corrupt, $"TIFF file '{path}' is damaged: {where}: {p}");
        MicrographReadException Unsupported(string p) => new(path, MicrographReadFailure.Unsupported, $"TIFF file '{path}' cannot be read: {where}: {p}");

        long width = TiffFields.Long(tif, TiffTag.IMAGEWIDTH) ?? throw Corrupt("it has no ImageWidth.");
        long height = TiffFields.Long(tif, TiffTag.IMAGELENGTH) ?? throw Corrupt("it has no ImageLength.");
        if (width <= 0 || height <= 0) throw Corrupt($"its size is {width}×{height}.");
        if (width > MaxDimension || height > MaxDimension) throw Unsupported($"its size {width}×{height} exceeds {MaxDimension} pixels per side.");

        int spp = (int)(TiffFields.LongDefaulted(tif, TiffTag.SAMPLESPERPIXEL) ?? 1);
        int bps = (int)(TiffFields.LongDefaulted(tif, TiffTag.BITSPERSAMPLE) ?? 1);
        var format = (SampleFormat)(TiffFields.LongDefaulted(tif, TiffTag.SAMPLEFORMAT) ?? 1);
        var compression = (Compression)(TiffFields.LongDefaulted(tif, TiffTag.COMPRESSION) ?? 1);
        var photometric = (Photometric)(TiffFields.Long(tif, TiffTag.PHOTOMETRIC) ?? (spp >= 3 ? (long)Photometric.RGB : (long)Photometric.MINISBLACK));
        bool planar = spp > 1 && TiffFields.LongDefaulted(tif, TiffTag.PLANARCONFIG) == (long)PlanarConfig.SEPARATE;
        bool reduced = ((TiffFields.Long(tif, TiffTag.SUBFILETYPE) ?? 0) & (long)FileType.REDUCEDIMAGE) != 0;
        if (spp < 1 || spp > MaxSamplesPerPixel) throw Corrupt($"it has {spp} samples per pixel.");
        bool systemCodec = !tif.IsCodecConfigured(compression) && SystemLibTiff.Decodes(compression);
        if (!tif.IsCodecConfigured(compression) && !systemCodec && SystemLibTiff.IsFallbackFor(compression))
        {
            throw Unsupported($"compression {TiffFields.Name(compression)} is decoded only through the system's libtiff (libtiff.so.6), " +
                "which is missing here or lacks that codec; install it (Debian: libtiff6) or save the file again with LZW or Deflate.");
        }
        if (!tif.IsCodecConfigured(compression) && !systemCodec)
        {
            throw Unsupported($"compression {TiffFields.Name(compression)} is not supported (none, LZW, Deflate, PackBits, JPEG, " +
                "old-style JPEG and CCITT fax are); save it again with LZW or Deflate.");
        }

        // Unsigned and float CMYK are converted by CellOps at their own depth (LibTiff's RGBA conversion
        // knows only 8-bit ink and premultiplies alpha); signed 8-bit ink is left to LibTiff.
        bool cmyk = photometric == Photometric.SEPARATED && spp >= 4 && compression != Compression.OJPEG
            && (TiffFields.LongDefaulted(tif, TiffTag.INKSET) ?? (long)InkSet.CMYK) == (long)InkSet.CMYK
            && ((bps is 8 or 16 && format is (SampleFormat.UINT or SampleFormat.VOID)) || (bps == 32 && format == SampleFormat.IEEEFP));
        bool viaRgba = compression == Compression.OJPEG || !cmyk && photometric switch
        {
            Photometric.MINISBLACK or Photometric.MINISWHITE or Photometric.RGB or Photometric.PALETTE or Photometric.MASK => false,
            Photometric.YCBCR => compression != Compression.JPEG || bps != 8 || spp != 3,
            _ => true,
        };
        if (systemCodec && viaRgba)
        {
            throw Unsupported($"{TiffFields.Name(photometric)} images with compression {TiffFields.Name(compression)} are not supported.");
        }
        bool jpegToRgb = !viaRgba && photometric == Photometric.YCBCR;
        if (jpegToRgb) tif.SetField(TiffTag.JPEGCOLORMODE, JpegColorMode.RGB);

        // LibTiff's RGBA conversion writes 8-bit samples; for wider ones it may accept the image and
        // then return all-zero pixels (16-bit CMYK does), so those are refused before any pixel is read.
        // LogLuv is the exception: LibTiff asks its codec for 8-bit output itself.
        if (viaRgba && bps != 8 && photometric is not (Photometric.LOGL or Photometric.LOGLUV))
        {
            throw Unsupported($"{bps}-bit {TiffFields.Name(photometric)} images are not supported (only 8-bit samples are converted for this " +
                "photometric interpretation); save it as RGB or greyscale.");
        }

        string? rgbaProblem = null;
        bool rgbaOk = viaRgba && tif.RGBAImageOK(out rgbaProblem);
        if (viaRgba && !rgbaOk)
        {
            throw Unsupported($"photometric interpretation {photometric} with compression {TiffFields.Name(compression)} is not supported ({rgbaProblem}).");
        }

        PixelType type = PixelType.UInt8;
        bool palette = !viaRgba && photometric == Photometric.PALETTE;
        bool widened = false;
        if (!viaRgba)
        {
            var widenedType = MapType(bps, format) is null ? TiffSampleWidener.TargetType(bps, format) : null;
            widened = widenedType is not null;
            type = MapType(bps, format) ?? widenedType ?? throw Unsupported(DescribeUnsupportedType(bps, format));
            // A second sample beside the index (alpha, or other extra data) follows the colour map's RGB as a fourth channel.
            if (palette && (spp > 2 || bps > 16 || format == SampleFormat.IEEEFP || format == SampleFormat.INT))
            {
                throw Unsupported($"palette images need an unsigned index of at most 16 bits and at most one extra sample, not {spp}×{bps}-bit.");
            }
        }

        int chunkWidth, chunkHeight;
        bool tiled = tif.IsTiled();
        if (tiled)
        {
            long tw = TiffFields.Long(tif, TiffTag.TILEWIDTH) ?? 0, th = TiffFields.Long(tif, TiffTag.TILELENGTH) ?? 0;
            if (tw <= 0 || th <= 0 || tw > MaxDimension || th > MaxDimension) throw Corrupt($"its tile size is {tw}×{th}.");
            chunkWidth = (int)tw;
            chunkHeight = (int)th;
        }
        else
        {
            long rps = TiffFields.LongDefaulted(tif, TiffTag.ROWSPERSTRIP) ?? height;
            if (rps <= 0 || rps > height) rps = height;
            chunkWidth = (int)width;
            chunkHeight = (int)rps;
        }

        int across = (int)((width + chunkWidth - 1) / chunkWidth);
        int down = (int)((height + chunkHeight - 1) / chunkHeight);
        long expectedChunks = (long)across * down * (planar ? spp : 1);
        int declared = tiled ? tif.NumberOfTiles() : tif.NumberOfStrips();
        string chunkName = tiled ? "tiles" : "strips";
        if (declared != expectedChunks)
        {
            throw Corrupt($"it declares {declared} {chunkName} but a {width}×{height} image in {chunkWidth}×{chunkHeight} {chunkName} needs {expectedChunks}.");
        }
        CheckChunkOffsets(tif, tiled, expectedChunks, fileLength, chunkName, Corrupt);

        int chunkSamples = viaRgba ? 4 : planar ? 1 : spp;
        int decodedBits = viaRgba ? 8 : bps;
        long rowStride = ((long)chunkWidth * chunkSamples * decodedBits + 7) / 8;
        long chunkBytes = rowStride * chunkHeight;
        int stripHeight = chunkHeight;
        bool scanlines = !tiled && !viaRgba && !systemCodec && chunkBytes > cacheBudget;
        if (scanlines)
        {
            // Strips too large to cache are decoded in bands of rows that fit a quarter of the cache;
            // the bands become the cached chunks.
            chunkHeight = (int)Math.Clamp(cacheBudget / 4 / Math.Max(1, rowStride), 1, stripHeight);
            chunkBytes = rowStride * chunkHeight;
            down = (int)((height + chunkHeight - 1) / chunkHeight);
        }
        if (chunkBytes > MaxChunkBytes)
        {
            throw Unsupported($"one of its {chunkName} decodes to {chunkBytes / (1 << 20)} MB, more than the {MaxChunkBytes / (1 << 20)} MB CellOps holds at once.");
        }
        if (!viaRgba)
        {
            long libtiffStride = tiled ? tif.TileRowSize() : tif.ScanlineSize();
            if (libtiffStride != rowStride)
            {
                throw Unsupported($"its rows decode to {libtiffStride} bytes where {rowStride} were expected ({TiffFields.Name(compression)}, {photometric}).");
            }
        }

        // LibTiff undoes horizontal differencing only on 8, 16, 32 and 64-bit samples and refuses the
        // others; for those it is switched off in LibTiff (ApplyDecodeSettings) and undone while widening.
        long predictor = PredictorTag(tif);
        // Unlike LibTiff, a predictor on uncompressed odd-width samples is honoured: writers that set it
        // there differenced the samples.
        bool undoPredictor = widened && bps % 8 != 0 && predictor == (long)Predictor.HORIZONTAL;
        var orientation = (Orientation)(TiffFields.LongDefaulted(tif, TiffTag.ORIENTATION) ?? (long)Orientation.TOPLEFT);
        var page = new TiffPage
        {
            Index = index,
            Width = (int)width,
            Height = (int)height,
            SamplesPerPixel = spp,
            BitsPerSample = bps,
            SampleFormat = format,
            Photometric = photometric,
            Compression = compression,
            Planar = planar,
            Tiled = tiled,
            ReducedResolution = reduced,
            ChunkWidth = chunkWidth,
            ChunkHeight = chunkHeight,
            ChunksAcross = across,
            ChunksDown = down,
            Description = TiffFields.String(tif, TiffTag.IMAGEDESCRIPTION),
            PixelType = viaRgba ? PixelType.UInt8 : palette ? PixelType.UInt16 : type,
            ChannelCount = viaRgba ? (HasAlpha(tif) ? 4 : 3) : palette ? 2 + spp : cmyk ? spp - 1 : spp,
            PaletteAlpha = palette && spp == 2 && HasAlpha(tif),
            ViaRgba = viaRgba,
            Cmyk = cmyk,
            SystemCodec = systemCodec,
            Widened = widened,
            DecodedType = type,
            UndoPredictor = undoPredictor,
            Orientation = orientation,
            Invert = !viaRgba && photometric == Photometric.MINISWHITE && format != SampleFormat.IEEEFP && type != PixelType.Float32,
            JpegToRgb = jpegToRgb,
            ScanlineMode = scanlines,
            StripHeight = stripHeight,
            RowStride = (int)rowStride,
            ChunkBytes = (int)chunkBytes,
        };
        if (palette) page.LoadPalette(tif, bps, Corrupt);
        page.ApplyDecodeSettings(tif);
        if (directDecoding && !viaRgba && !jpegToRgb && !scanlines) page._direct = TiffChunkDecoder.TryCreate(tif, compression, bps, chunkSamples, (int)rowStride, tiled);
        return page;
    }

    /// <summary>Settings LibTiff forgets whenever it changes directory.</summary>
    public void ApplyDecodeSettings(LibTiff tif)
    {
        if (JpegToRgb) tif.SetField(TiffTag.JPEGCOLORMODE, JpegColorMode.RGB);
        if (UndoPredictor && Compression != Compression.NONE) tif.SetField(TiffTag.PREDICTOR, Predictor.NONE);
    }

    /// <summary>Adds what CellOps did to the samples while decoding, and what it left undone, to <paramref name="metadata"/>.</summary>
    public void AddDecodingMetadata(IDictionary<string, string> metadata)
    {
        if (Widened)
        {
            // Integer values are kept, not scaled: display stretches by SignificantBits.
            if (PixelType != PixelType.Float32) metadata["SignificantBits"] = BitsPerSample.ToString(CultureInfo.InvariantCulture);
            metadata["Widened"] = PixelType == PixelType.Float32
                ? $"{BitsPerSample}-bit {(SampleFormat == SampleFormat.IEEEFP ? "floats" : "integers")} converted to 32-bit floats"
                    + (SampleFormat == SampleFormat.IEEEFP ? "" : " (exact up to 2^24)")
                : $"{BitsPerSample}-bit samples held in {PixelType} with their values kept (0–{(1L << BitsPerSample) - 1})";
        }
        else if (!ViaRgba && !IsPalette && BitsPerSample is 2 or 4)
        {
            metadata["SignificantBits"] = BitsPerSample.ToString(CultureInfo.InvariantCulture);
        }
        if (SystemCodec) metadata["DecodedBy"] = $"the system's libtiff ({TiffFields.Name(Compression)}, which LibTiff.NET lacks)";
        if (Cmyk) metadata["DecodedAs"] = $"CMYK converted to {BitsPerSample}-bit RGB (R = (max−C)(max−K)/max)";
        if (Orientation == Orientation.TOPLEFT) return;
        metadata["Orientation"] = $"{(int)Orientation} ({Orientation}): " + (MirrorsOnRead
            ? "applied, the image is mirrored upright on read"
            : TransposesOnRead ? $"applied, the image is transposed upright on read ({Width}×{Height} stored)"
            : ViaRgba ? "left to LibTiff's RGBA conversion"
            : "not a TIFF orientation; ignored");
    }

    /// <summary>A short description of the layout for metadata.</summary>
    public string Layout => Tiled
        ? $"tiles {ChunkWidth}×{ChunkHeight}"
        : $"strips of {StripHeight} row{(StripHeight == 1 ? "" : "s")}";

    /// <summary>
    /// Copies <paramref name="region"/> of this page, channel-planar, into <paramref name="destination"/>
    /// (<see cref="ChannelCount"/> planes). Only the strips or tiles the region touches are decoded.
    /// </summary>
    public void Read(TiffReadContext context, PixelRect region, Span<byte> destination)
    {
        if (TransposesOnRead)
        {
            ReadTransposed(context, region, destination);
            return;
        }
        if (!MirrorsOnRead)
        {
            ReadStored(context, region, destination);
            return;
        }
        var (x, y) = TiffOrientation.StoredOrigin(Orientation, region.X, region.Y, region.Width, region.Height, Width, Height);
        ReadStored(context, new PixelRect(x, y, region.Width, region.Height), destination);
        TiffOrientation.Mirror(destination, Orientation, ChannelCount, region.Width, region.Height, PixelType.BytesPerSample());
    }

    private void ReadTransposed(TiffReadContext context, PixelRect region, Span<byte> destination)
    {
        int bytes = PixelType.BytesPerSample();
        int length = checked((int)(region.Area * ChannelCount * bytes));
        var (x, y, width, height) = TiffOrientation.StoredRect(Orientation, region.X, region.Y, region.Width, region.Height, Width, Height);
        byte[] stored = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            ReadStored(context, new PixelRect(x, y, width, height), stored.AsSpan(0, length));
            TiffOrientation.Transpose(stored.AsSpan(0, length), destination[..length], Orientation, ChannelCount, region.Width, region.Height, bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(stored);
        }
    }

    private void ReadStored(TiffReadContext context, PixelRect region, Span<byte> destination)
    {
        if (_paletteRed is not null)
        {
            ReadPalette(context, region, destination);
            return;
        }
        int bytes = PixelType.BytesPerSample();
        if (Cmyk)
        {
            ReadCmyk(context, region, destination, bytes);
            return;
        }
        if (Widened || !TryReadRowsInPlace(context, region, destination, bytes)) CopyChunks(context, region, destination, bytes, ChannelCount);
        if (Invert) InvertSamples(destination[..checked((int)(region.Area * ChannelCount * bytes))]);
    }

    private void ReadPalette(TiffReadContext context, PixelRect region, Span<byte> destination)
    {
        int indexBytes = BitsPerSample > 8 ? 2 : 1;
        int area = checked((int)region.Area);
        byte[] indices = ArrayPool<byte>.Shared.Rent(checked(area * indexBytes * SamplesPerPixel));
        try
        {
            CopyChunks(context, region, indices.AsSpan(0, area * indexBytes * SamplesPerPixel), indexBytes, SamplesPerPixel);
            if (SamplesPerPixel == 2) ExpandExtraSample(indices.AsSpan(area * indexBytes, area * indexBytes), indexBytes, MemoryMarshal.Cast<byte, ushort>(destination.Slice(area * 6, area * 2)));
            var planes = MemoryMarshal.Cast<byte, ushort>(destination[..(area * 6)]);
            var red = planes[..area];
            var green = planes.Slice(area, area);
            var blue = planes.Slice(2 * area, area);
            ushort[] r = _paletteRed!, g = _paletteGreen!, b = _paletteBlue!;
            if (indexBytes == 1)
            {
                for (int i = 0; i < area; i++)
                {
                    int k = indices[i];
                    red[i] = r[k];
                    green[i] = g[k];
                    blue[i] = b[k];
                }
            }
            else
            {
                var wide = MemoryMarshal.Cast<byte, ushort>(indices.AsSpan(0, area * 2));
                for (int i = 0; i < area; i++)
                {
                    int k = wide[i];
                    red[i] = r[k];
                    green[i] = g[k];
                    blue[i] = b[k];
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(indices);
        }
    }

    private void ExpandExtraSample(ReadOnlySpan<byte> samples, int sampleBytes, Span<ushort> target)
    {
        // Alpha is scaled so that opaque is the 16-bit maximum, as it is for the RGB beside it.
        uint max = (1u << BitsPerSample) - 1;
        for (int i = 0; i < target.Length; i++)
        {
            uint v = sampleBytes == 1 ? samples[i] : MemoryMarshal.Cast<byte, ushort>(samples)[i];
            target[i] = PaletteAlpha ? (ushort)((v * 65535 + max / 2) / max) : (ushort)v;
        }
    }

    /// <summary>
    /// Whole rows of an uncompressed, single-sample striped page are laid out in the file exactly as
    /// the destination wants them: read them straight into it, strip by strip, with no chunk buffer in
    /// between. False where the page or region does not allow that (nothing is then left half done
    /// that the ordinary path would not overwrite).
    /// </summary>
    private bool TryReadRowsInPlace(TiffReadContext context, PixelRect region, Span<byte> destination, int bytesOut)
    {
        if (_direct is not { Uncompressed: true } || Tiled || ChunkSamples != 1 || DecodedBits != bytesOut * 8
            || region.X != 0 || region.Width != Width || ChannelCount != 1) return false;
        if (context.RawFile is not { } file) return false;
        int rowBytes = Width * bytesOut;
        int cy0 = region.Y / ChunkHeight, cy1 = (region.Bottom - 1) / ChunkHeight;
        for (int cy = cy0; cy <= cy1; cy++)
        {
            int y0 = cy * ChunkHeight;
            int iy0 = Math.Max(region.Y, y0), iy1 = Math.Min(region.Bottom, Math.Min(y0 + ChunkHeight, Height));
            var target = destination.Slice((iy0 - region.Y) * rowBytes, (iy1 - iy0) * rowBytes);
            if (!_direct.TryReadRows(file, cy, iy0 - y0, iy1 - iy0, target)) return false;
            context.DecodedChunks++;
        }
        return true;
    }

    private void ReadCmyk(TiffReadContext context, PixelRect region, Span<byte> destination, int bytes)
    {
        int area = checked((int)region.Area);
        byte[] inks = ArrayPool<byte>.Shared.Rent(checked(area * SamplesPerPixel * bytes));
        try
        {
            var source = inks.AsSpan(0, area * SamplesPerPixel * bytes);
            CopyChunks(context, region, source, bytes, SamplesPerPixel);
            TiffCmykConverter.ToRgb(source, PixelType, area, SamplesPerPixel, destination[..(area * ChannelCount * bytes)]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(inks);
        }
    }

    /// <param name="channels">Channels of decoded samples the chunks hold (1 for palette indices, the inks for CMYK).</param>
    private void CopyChunks(TiffReadContext context, PixelRect region, Span<byte> destination, int bytesOut, int channels)
    {
        int planeBytes = checked((int)(region.Area * bytesOut));
        int cx0 = region.X / ChunkWidth, cx1 = (region.Right - 1) / ChunkWidth;
        int cy0 = region.Y / ChunkHeight, cy1 = (region.Bottom - 1) / ChunkHeight;
        int planes = Planar && !ViaRgba ? channels : 1;
        int channelsPerChunk = Planar && !ViaRgba ? 1 : channels;

        var chunks = new List<(int Plane, int Cx, int Cy)>();
        for (int plane = 0; plane < planes; plane++)
        {
            for (int cy = cy0; cy <= cy1; cy++)
            {
                for (int cx = cx0; cx <= cx1; cx++) chunks.Add((plane, cx, cy));
            }
        }
        // In waves of at most half the cache: the chunks of a wave that are not cached are decoded
        // together on all cores, then copied out.
        // Uncompressed chunks are only copied out of the file, which one core does at memory speed.
        int perWave = (int)Math.Clamp(context.Cache.Budget / 2 / Math.Max(1, ChunkBytes), 1, int.MaxValue);
        bool together = _direct is { Uncompressed: false };
        byte[]? scratch = null;
        for (int first = 0; first < chunks.Count; first += perWave)
        {
            var wave = chunks.GetRange(first, Math.Min(perWave, chunks.Count - first));
            var decoded = together && wave.Count > 1 ? DecodeTogether(context, wave) : null;
            try
            {
                foreach (var (plane, cx, cy) in wave)
                {
                    int y0 = cy * ChunkHeight, x0 = cx * ChunkWidth;
                    int iy0 = Math.Max(region.Y, y0), iy1 = Math.Min(region.Bottom, Math.Min(y0 + ChunkHeight, Height));
                    int ix0 = Math.Max(region.X, x0), ix1 = Math.Min(region.Right, Math.Min(x0 + ChunkWidth, Width));
                    int count = ix1 - ix0;
                    int chunkIndex = (plane * ChunksDown + cy) * ChunksAcross + cx;
                    // A chunk the region covers whole has no other reader for now: it is copied out and released
                    // instead of cached, so that reading a whole image does not push every other chunk out of
                    // the cache and churn buffers.
                    bool covered = iy0 == y0 && iy1 == Math.Min(y0 + ChunkHeight, Height) && ix0 == x0 && ix1 == Math.Min(x0 + ChunkWidth, Width);
                    byte[]? own = null;
                    if (decoded is not null && decoded.Remove(chunkIndex, out var fresh))
                    {
                        if (covered) own = fresh;
                        else context.Cache.Add(Index, chunkIndex, fresh);
                    }
                    else if (covered && _direct is not null && context.RawFile is { } file && !context.Cache.Contains(Index, chunkIndex))
                    {
                        // Decoded once into one scratch buffer for the whole region, not cached.
                        scratch ??= ArrayPool<byte>.Shared.Rent(ChunkBytes);
                        int rows = Tiled ? ChunkHeight : Math.Min(ChunkHeight, Height - cy * ChunkHeight);
                        if (_direct.TryDecode(file, chunkIndex, rows, scratch))
                        {
                            context.DecodedChunks++;
                            own = scratch;
                        }
                    }
                    ReadOnlySpan<byte> chunk = own ?? GetChunk(context, chunkIndex, plane, cx, cy);
                    for (int y = iy0; y < iy1; y++)
                    {
                        var row = chunk.Slice((y - y0) * RowStride, RowStride);
                        int pixelOffset = ((y - region.Y) * region.Width + (ix0 - region.X)) * bytesOut;
                        for (int c = 0; c < channelsPerChunk; c++)
                        {
                            int channel = Planar && !ViaRgba ? plane : c;
                            var target = destination.Slice(channel * planeBytes + pixelOffset, count * bytesOut);
                            if (Widened)
                            {
                                TiffSampleWidener.Extract(row, BitsPerSample, SampleFormat, DecodedType, UndoPredictor, ChunkSamples, c, ix0 - x0, count, target);
                            }
                            else
                            {
                                TiffSampleCopier.Extract(row, DecodedBits, ChunkSamples, c, ix0 - x0, count, target);
                            }
                        }
                    }
                    if (own is not null && !ReferenceEquals(own, scratch)) ArrayPool<byte>.Shared.Return(own);
                }
            }
            finally
            {
                foreach (var left in decoded?.Values ?? Enumerable.Empty<byte[]>()) ArrayPool<byte>.Shared.Return(left);
            }
        }
        if (scratch is not null) ArrayPool<byte>.Shared.Return(scratch);
    }

    /// <summary>
    /// Decodes the chunks of <paramref name="wave"/> that are not cached, on all cores, with the direct
    /// decoder; returns them by chunk index, in pooled buffers the caller owns. Chunks it cannot take are
    /// left out, for <see cref="GetChunk"/> to decode through LibTiff.
    /// </summary>
    private Dictionary<int, byte[]>? DecodeTogether(TiffReadContext context, List<(int Plane, int Cx, int Cy)> wave)
    {
        var missing = new List<(int Index, int Rows)>();
        foreach (var (plane, cx, cy) in wave)
        {
            int index = (plane * ChunksDown + cy) * ChunksAcross + cx;
            if (!context.Cache.Contains(Index, index)) missing.Add((index, Tiled ? ChunkHeight : Math.Min(ChunkHeight, Height - cy * ChunkHeight)));
        }
        if (missing.Count < 2 || context.RawFile is not { } file) return null;

        var buffers = new byte[]?[missing.Count];
        Parallel.For(0, missing.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
            if (_direct!.TryDecode(file, missing[i].Index, missing[i].Rows, buffer)) buffers[i] = buffer;
            else ArrayPool<byte>.Shared.Return(buffer);
        });
        var decoded = new Dictionary<int, byte[]>();
        for (int i = 0; i < missing.Count; i++)
        {
            if (buffers[i] is not { } buffer) continue;
            context.DecodedChunks++;
            decoded[missing[i].Index] = buffer;
        }
        return decoded;
    }

    private byte[] GetChunk(TiffReadContext context, int chunkIndex, int plane, int cx, int cy)
    {
        if (context.Cache.TryGet(Index, chunkIndex, out byte[] cached)) return cached;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            if (ViaRgba) DecodeRgba(context, cx, cy, buffer);
            else if (ScanlineMode) DecodeRows(context, plane, cy * ChunkHeight, Math.Min(ChunkHeight, Height - cy * ChunkHeight), buffer);
            else DecodeNative(context, chunkIndex, cy, buffer);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        context.DecodedChunks++;
        context.Cache.Add(Index, chunkIndex, buffer);
        return buffer;
    }

    private void DecodeNative(TiffReadContext context, int chunkIndex, int cy, byte[] buffer)
    {
        int chunkRows = Tiled ? ChunkHeight : Math.Min(ChunkHeight, Height - cy * ChunkHeight);
        if (_direct is not null && context.RawFile is { } file && _direct.TryDecode(file, chunkIndex, chunkRows, buffer)) return;
        string what = Tiled ? $"tile {chunkIndex}" : $"strip {chunkIndex}";
        int read;
        if (SystemCodec)
        {
            (read, string? problem) = SystemLibTiff.ReadChunk(context.Path, Index, Tiled, chunkIndex, buffer, ChunkBytes);
            if (read < 0) throw context.Corrupt($"{what} of page {Index + 1} could not be decoded ({TiffFields.Name(Compression)}: {problem}).");
            CheckDecodedLength(context, what, cy, read);
            return;
        }
        using var messages = LibTiffMessages.Capture();
        try
        {
            read = Tiled
                ? context.Tiff.ReadEncodedTile(chunkIndex, buffer, 0, ChunkBytes)
                : context.Tiff.ReadEncodedStrip(chunkIndex, buffer, 0, ChunkBytes);
        }
        catch (Exception e) when (e is not MicrographReadException)
        {
            throw context.Corrupt($"{what} of page {Index + 1} could not be decoded ({e.Message}).", e);
        }
        if (read < 0 || messages.Errors.Count > 0)
        {
            throw context.Corrupt($"{what} of page {Index + 1} could not be decoded ({messages.Describe(context.Path, "LibTiff gave no reason")}).");
        }
        CheckDecodedLength(context, what, cy, read);
    }

    private void CheckDecodedLength(TiffReadContext context, string what, int cy, int read)
    {
        int rows = Tiled ? ChunkHeight : Math.Min(ChunkHeight, Height - cy * ChunkHeight);
        int expected = rows * RowStride;
        if (read < expected)
        {
            throw context.Corrupt($"{what} of page {Index + 1} holds {read} bytes of pixels where {expected} were expected (truncated?).");
        }
    }

    private void DecodeRgba(TiffReadContext context, int cx, int cy, byte[] buffer)
    {
        int pixels = ChunkWidth * ChunkHeight;
        int[] raster = ArrayPool<int>.Shared.Rent(pixels);
        try
        {
            using var messages = LibTiffMessages.Capture();
            bool ok;
            try
            {
                ok = Tiled
                    ? context.Tiff.ReadRGBATile(cx * ChunkWidth, cy * ChunkHeight, raster)
                    : context.Tiff.ReadRGBAStrip(cy * ChunkHeight, raster);
            }
            catch (Exception e) when (e is not MicrographReadException)
            {
                throw RgbaFailure(context, e.Message, e);
            }
            if (!ok || messages.Errors.Count > 0)
            {
                throw RgbaFailure(context, messages.Describe(context.Path, "LibTiff gave no reason"), null);
            }
            // LibTiff fills RGBA rasters bottom-up: tiles always span the full tile height, strips
            // only the rows that exist.
            int rows = Tiled ? ChunkHeight : Math.Min(ChunkHeight, Height - cy * ChunkHeight);
            for (int r = 0; r < rows; r++)
            {
                var source = raster.AsSpan((rows - 1 - r) * ChunkWidth, ChunkWidth);
                var target = buffer.AsSpan(r * RowStride, RowStride);
                if (BitConverter.IsLittleEndian)
                {
                    MemoryMarshal.AsBytes(source).CopyTo(target);
                }
                else
                {
                    for (int i = 0; i < source.Length; i++)
                    {
                        int v = source[i];
                        target[4 * i] = (byte)v;
                        target[4 * i + 1] = (byte)(v >> 8);
                        target[4 * i + 2] = (byte)(v >> 16);
                        target[4 * i + 3] = (byte)(v >> 24);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(raster);
        }
    }

    private MicrographReadException RgbaFailure(TiffReadContext context, string reason, Exception? inner)
    {
        // Old-style JPEG is a known weak spot of the decoder rather than proof of damage.
        string what = Tiled ? "a tile" : "a strip";
        return Compression == Compression.OJPEG
            ? context.Unsupported($"page {Index + 1} uses old-style JPEG compression, which could not be decoded ({reason}).", inner)
            : context.Corrupt($"{what} of page {Index + 1} could not be decoded to RGBA ({reason}).", inner);
    }

    private void DecodeRows(TiffReadContext context, int plane, int firstRow, int rows, byte[] buffer)
    {
        // LibTiff decodes a strip's scanlines only in order: continue where it stopped when that is at or
        // before the first row wanted in the same strip, otherwise start the strip again.
        int stripStart = firstRow / StripHeight * StripHeight;
        var position = context.Scanline;
        int row = position.Page == Index && position.Plane == plane && position.NextRow >= stripStart && position.NextRow <= firstRow
            ? position.NextRow
            : stripStart;
        context.Scanline = new TiffReadContext.ScanlinePosition(-1, 0, 0);
        using var messages = LibTiffMessages.Capture();
        for (; row < firstRow + rows; row++)
        {
            bool ok;
            try
            {
                ok = context.Tiff.ReadScanline(buffer, (row >= firstRow ? row - firstRow : 0) * RowStride, row, (short)plane);
            }
            catch (Exception e) when (e is not MicrographReadException)
            {
                throw context.Corrupt($"row {row} of page {Index + 1} could not be decoded ({e.Message}).", e);
            }
            if (!ok || messages.Errors.Count > 0)
            {
                throw context.Corrupt($"row {row} of page {Index + 1} could not be decoded ({messages.Describe(context.Path, "LibTiff gave no reason")}).");
            }
            context.DecodedScanlines++;
        }
        context.Scanline = new TiffReadContext.ScanlinePosition(Index, plane, firstRow + rows);
    }

    private void InvertSamples(Span<byte> samples)
    {
        if (PixelType == PixelType.Bit)
        {
            for (int i = 0; i < samples.Length; i++) samples[i] ^= 1;
        }
        else if (BitsPerSample < 8)
        {
            byte max = (byte)((1 << BitsPerSample) - 1);
            for (int i = 0; i < samples.Length; i++) samples[i] = (byte)(max - samples[i]);
        }
        else if (Widened && PixelType == PixelType.UInt16)
        {
            var words = MemoryMarshal.Cast<byte, ushort>(samples);
            ushort max = (ushort)((1 << BitsPerSample) - 1);
            for (int i = 0; i < words.Length; i++) words[i] = (ushort)(max - words[i]);
        }
        else if (Widened && PixelType == PixelType.UInt32)
        {
            var words = MemoryMarshal.Cast<byte, uint>(samples);
            uint max = (uint)((1L << BitsPerSample) - 1);
            for (int i = 0; i < words.Length; i++) words[i] = max - words[i];
        }
        else
        {
            // For 8/16/32-bit integers, signed or not, flipping every bit maps the range onto itself reversed.
            var words = MemoryMarshal.Cast<byte, ulong>(samples);
            for (int i = 0; i < words.Length; i++) words[i] = ~words[i];
            for (int i = words.Length * 8; i < samples.Length; i++) samples[i] = (byte)~samples[i];
        }
    }

    private void LoadPalette(LibTiff tif, int bps, Func<string, MicrographReadException> corrupt)
    {
        var map = tif.GetField(TiffTag.COLORMAP);
        if (map is null || map.Length < 3) throw corrupt("it is a palette image without a colour map.");
        int entries = 1 << bps;
        ushort[] red = map[0].ToUShortArray(), green = map[1].ToUShortArray(), blue = map[2].ToUShortArray();
        if (red is null || green is null || blue is null || red.Length < entries || green.Length < entries || blue.Length < entries)
        {
            throw corrupt($"its colour map has fewer than the {entries} entries {bps}-bit indices need.");
        }
        _paletteRed = red;
        _paletteGreen = green;
        _paletteBlue = blue;
    }

    private static long PredictorTag(LibTiff tif)
    {
        var values = tif.GetField(TiffTag.PREDICTOR);
        if (values is null || values.Length == 0) return (long)Predictor.NONE;
        // Without compression LibTiff keeps Predictor as an unknown tag: its count, then its raw bytes
        // in the file's byte order.
        if (values.Length >= 2 && values[1].Value is byte[] { Length: >= 2 } raw)
        {
            return tif.IsBigEndian() ? raw[0] << 8 | raw[1] : raw[1] << 8 | raw[0];
        }
        return TiffFields.Long(tif, TiffTag.PREDICTOR) ?? (long)Predictor.NONE;
    }

    private static bool HasAlpha(LibTiff tif)
    {
        var extra = tif.GetField(TiffTag.EXTRASAMPLES);
        if (extra is null || extra.Length < 2) return false;
        short[]? kinds = extra[1].ToShortArray();
        return kinds is not null && kinds.Any(k => k == (short)ExtraSample.ASSOCALPHA || k == (short)ExtraSample.UNASSALPHA);
    }

    private static PixelType? MapType(int bps, SampleFormat format) => (format, bps) switch
    {
        (SampleFormat.UINT or SampleFormat.VOID, 1) => PixelType.Bit,
        (SampleFormat.UINT or SampleFormat.VOID, 2 or 4 or 8) => PixelType.UInt8,
        (SampleFormat.UINT or SampleFormat.VOID, 16) => PixelType.UInt16,
        (SampleFormat.UINT or SampleFormat.VOID, 32) => PixelType.UInt32,
        (SampleFormat.INT, 1) => PixelType.Bit,
        (SampleFormat.INT, 8) => PixelType.Int8,
        (SampleFormat.INT, 16) => PixelType.Int16,
        (SampleFormat.INT, 32) => PixelType.Int32,
        (SampleFormat.IEEEFP, 32) => PixelType.Float32,
        _ => null,
    };

    private static string DescribeUnsupportedType(int bps, SampleFormat format) => format switch
    {
        SampleFormat.IEEEFP => $"{bps}-bit floating-point samples are not supported (16, 32 and 64-bit are).",
        SampleFormat.COMPLEXINT or SampleFormat.COMPLEXIEEEFP => "complex samples are not supported.",
        SampleFormat.INT => $"{bps}-bit signed samples are not supported (8, 16, 32 and 64 bits are).",
        SampleFormat.UINT or SampleFormat.VOID => $"{bps}-bit unsigned samples are not supported (1 to 32 and 64 bits are).",
        _ => $"sample format {(int)format} is not a TIFF sample format.",
    };

    private static void CheckChunkOffsets(LibTiff tif, bool tiled, long expected, long fileLength, string chunkName,
        Func<string, MicrographReadException> corrupt)
    {
        long[]? offsets = TiffFields.Longs(tif, tiled ? TiffTag.TILEOFFSETS : TiffTag.STRIPOFFSETS);
        long[]? counts = TiffFields.Longs(tif, tiled ? TiffTag.TILEBYTECOUNTS : TiffTag.STRIPBYTECOUNTS);
        if (offsets is null || offsets.Length < expected) throw corrupt($"it lists {offsets?.Length ?? 0} {chunkName} offsets where {expected} are needed.");
        if (counts is null || counts.Length < expected) throw corrupt($"it lists {counts?.Length ?? 0} {chunkName} byte counts where {expected} are needed.");
        for (int i = 0; i < expected; i++)
        {
            if (offsets[i] < 0 || counts[i] < 0 || offsets[i] + counts[i] > fileLength)
            {
                throw corrupt(string.Create(CultureInfo.InvariantCulture,
                    $"{chunkName[..^1]} {i} lies at bytes {offsets[i]}–{offsets[i] + counts[i]}, past the end of the {fileLength}-byte file (truncated?)."));
            }
        }
    }
}
