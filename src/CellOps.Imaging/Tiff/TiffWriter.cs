using System.Buffers;
using BitMiracle.LibTiff.Classic;
using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// Writes TIFF and BigTIFF files, one page at a time, strip by strip or tile by tile, so that images larger
/// than memory (whole-slide probability maps, for example) can be written from a callback. The file is
/// written to a temporary file beside the target and moved into place by <see cref="Commit"/>, so a
/// reader never sees a half-written image and a failed write leaves any earlier file intact.
/// </summary>
/// <example>
/// <code>
/// using var writer = TiffWriter.Create("probability.tif", bigTiff: true);
/// writer.WritePage(width, height, new TiffWriteOptions { PixelType = PixelType.Float32, TileWidth = 256,
///     Compression = TiffCompression.Deflate, Predictor = TiffPredictor.FloatingPoint },
///     (region, destination) => model.Predict(region, destination));
/// writer.Commit();
/// </code>
/// </example>
public sealed class TiffWriter : IDisposable
{
    private readonly string _tempPath;
    private LibTiff? _tiff;
    private bool _committed;

    private TiffWriter(string path, string tempPath, LibTiff tiff)
    {
        Path = path;
        _tempPath = tempPath;
        _tiff = tiff;
    }

    /// <summary>The file that <see cref="Commit"/> creates or replaces.</summary>
    public string Path { get; }

    /// <summary>Pages written so far.</summary>
    public int PageCount { get; private set; }

    /// <summary>Starts writing a TIFF file; nothing appears at <paramref name="path"/> until <see cref="Commit"/>.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="bigTiff">Write BigTIFF (64-bit offsets), needed for files over 4 GB.</param>
    /// <exception cref="IOException">The temporary file cannot be created.</exception>
    public static TiffWriter Create(string path, bool bigTiff = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        string folder = System.IO.Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(folder);
        string temp = AtomicFile.TemporaryPathFor(full);
        using var messages = LibTiffMessages.Capture();
        LibTiff? tiff = LibTiff.Open(temp, bigTiff ? "w8" : "w");
        if (tiff is null)
        {
            TryDelete(temp);
            throw new IOException($"Could not create TIFF file '{full}': {messages.Describe(temp, "the temporary file could not be created")}.");
        }
        return new TiffWriter(full, temp, tiff);
    }

    /// <summary>Writes a whole single-page image in one call.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="options">Layout and encoding.</param>
    /// <param name="pixels">Channel-planar samples, as <see cref="IPixelSource.ReadRegion"/> gives them.</param>
    /// <param name="bigTiff">Write BigTIFF.</param>
    public static void Write(string path, int width, int height, TiffWriteOptions options, ReadOnlyMemory<byte> pixels, bool bigTiff = false)
    {
        using var writer = Create(path, bigTiff);
        writer.WritePage(width, height, options, pixels);
        writer.Commit();
    }

    /// <summary>Appends a page whose channel-planar samples are all in memory.</summary>
    /// <exception cref="ArgumentException">The buffer is too small or the options are inconsistent.</exception>
    public void WritePage(int width, int height, TiffWriteOptions options, ReadOnlyMemory<byte> pixels)
    {
        ArgumentNullException.ThrowIfNull(options);
        int bytes = options.PixelType.BytesPerSample();
        long plane = (long)width * height * bytes;
        long needed = plane * options.SamplesPerPixel;
        if (pixels.Length < needed)
        {
            throw new ArgumentException($"A {width}×{height} image of {options.SamplesPerPixel} × {options.PixelType} needs {needed} bytes; {pixels.Length} were given.", nameof(pixels));
        }
        WritePage(width, height, options, (region, destination) =>
        {
            var source = pixels.Span;
            int regionPlane = region.Width * region.Height * bytes;
            for (int c = 0; c < options.SamplesPerPixel; c++)
            {
                for (int y = 0; y < region.Height; y++)
                {
                    long from = c * plane + ((long)(region.Y + y) * width + region.X) * bytes;
                    source.Slice((int)from, region.Width * bytes)
                        .CopyTo(destination.Slice(c * regionPlane + y * region.Width * bytes, region.Width * bytes));
                }
            }
        });
    }

    /// <summary>
    /// Appends a page whose pixels are produced strip by strip or tile by tile by <paramref name="source"/>;
    /// only one strip or tile is in memory at a time.
    /// </summary>
    /// <exception cref="ArgumentException">The options are inconsistent (for example JPEG for 16-bit samples).</exception>
    /// <exception cref="IOException">LibTiff could not encode or write the data.</exception>
    public void WritePage(int width, int height, TiffWriteOptions options, TiffRegionSource source)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(source);
        var tiff = _tiff ?? throw new ObjectDisposedException(nameof(TiffWriter));
        if (_committed) throw new InvalidOperationException($"'{Path}' has already been committed.");
        Validate(width, height, options);

        int spp = options.SamplesPerPixel;
        int bits = options.PixelType switch { PixelType.Bit => 1, var t => t.BytesPerSample() * 8 };
        int bytesPerSample = options.PixelType.BytesPerSample();
        bool planar = options.Planar && spp > 1;
        int chunkSamples = planar ? 1 : spp;
        bool tiled = options.Tiled;
        int chunkWidth = tiled ? options.TileWidth : width;
        int rowStride = (int)(((long)chunkWidth * chunkSamples * bits + 7) / 8);
        int chunkHeight = tiled ? (options.TileHeight > 0 ? options.TileHeight : options.TileWidth) : StripRows(options, height, rowStride);

        using var messages = LibTiffMessages.Capture();
        SetFields(tiff, width, height, options, bits, planar, chunkWidth, chunkHeight);

        int across = (width + chunkWidth - 1) / chunkWidth;
        int down = (height + chunkHeight - 1) / chunkHeight;
        int chunkBytes = checked(rowStride * chunkHeight);
        int regionBytes = checked(chunkWidth * chunkHeight * spp * bytesPerSample);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(chunkBytes);
        byte[] region = ArrayPool<byte>.Shared.Rent(regionBytes);
        string what = tiled ? "tile" : "strip";
        void Check(int written, int index)
        {
            if (written < 0 || messages.Errors.Count > 0)
            {
                throw Failure($"{what} {index} of page {PageCount + 1} could not be written", messages);
            }
        }
        // Deflate is encoded here, on all cores, rather than by LibTiff.NET, whose managed zlib dominated the
        // time to write whole-slide maps; the predictor works in the machine's byte order, so a byte-swapped
        // file stays with LibTiff.NET.
        using var deflate = options.Compression == TiffCompression.Deflate && TiffDeflateEncoder.Enabled && !tiff.IsByteSwapped()
            ? new TiffDeflatePipeline(options.Predictor, bits / 8, chunkSamples, chunkBytes, (index, encoded) => Check(tiled
                ? tiff.WriteRawTile(index, encoded.Array, encoded.Offset, encoded.Count)
                : tiff.WriteRawStrip(index, encoded.Array, encoded.Offset, encoded.Count), index))
            : null;
        try
        {
            for (int cy = 0; cy < down; cy++)
            {
                for (int cx = 0; cx < across; cx++)
                {
                    var rect = new PixelRect(cx * chunkWidth, cy * chunkHeight,
                        Math.Min(chunkWidth, width - cx * chunkWidth), Math.Min(chunkHeight, height - cy * chunkHeight));
                    int planeBytes = rect.Width * rect.Height * bytesPerSample;
                    var pixels = region.AsSpan(0, planeBytes * spp);
                    pixels.Clear();
                    source(rect, pixels);
                    for (int p = 0; p < (planar ? spp : 1); p++)
                    {
                        Span<byte> target;
                        if (deflate is not null)
                        {
                            target = deflate.NextChunk();
                        }
                        else
                        {
                            target = chunk.AsSpan(0, chunkBytes);
                            target.Clear();
                        }
                        for (int y = 0; y < rect.Height; y++)
                        {
                            var row = target.Slice(y * rowStride, rowStride);
                            for (int s = 0; s < chunkSamples; s++)
                            {
                                int channel = planar ? p : s;
                                var samples = pixels.Slice(channel * planeBytes + y * rect.Width * bytesPerSample, rect.Width * bytesPerSample);
                                TiffSampleCopier.Insert(samples, bits, chunkSamples, s, rect.Width, row);
                            }
                        }
                        int index = (p * down + cy) * across + cx;
                        int rows = tiled ? chunkHeight : rect.Height;
                        if (deflate is not null)
                        {
                            deflate.Submit(index, rowStride, rows);
                        }
                        else
                        {
                            Check(tiled ? tiff.WriteEncodedTile(index, chunk, chunkBytes) : tiff.WriteEncodedStrip(index, chunk, rowStride * rows), index);
                        }
                    }
                }
            }
            deflate?.Flush();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            ArrayPool<byte>.Shared.Return(region);
        }
        if (!tiff.WriteDirectory() || messages.Errors.Count > 0)
        {
            throw Failure($"page {PageCount + 1} could not be finished", messages);
        }
        PageCount++;
    }

    /// <summary>Finishes the file and moves it into place, replacing any file at <see cref="Path"/>.</summary>
    /// <exception cref="InvalidOperationException">No page has been written.</exception>
    /// <exception cref="IOException">The file could not be finished or moved.</exception>
    public void Commit()
    {
        var tiff = _tiff ?? throw new ObjectDisposedException(nameof(TiffWriter));
        if (_committed) return;
        if (PageCount == 0) throw new InvalidOperationException($"No page has been written to '{Path}'.");
        using (var messages = LibTiffMessages.Capture())
        {
            tiff.Dispose();
            _tiff = null;
            if (messages.Errors.Count > 0)
            {
                TryDelete(_tempPath);
                throw Failure("it could not be finished", messages);
            }
        }
        File.Move(_tempPath, Path, overwrite: true);
        _committed = true;
    }

    /// <summary>Closes the writer; without <see cref="Commit"/> the temporary file is deleted and nothing is written.</summary>
    public void Dispose()
    {
        if (_tiff is not null)
        {
            using (LibTiffMessages.Capture()) _tiff.Dispose();
            _tiff = null;
        }
        if (!_committed) TryDelete(_tempPath);
    }

    private IOException Failure(string what, LibTiffMessages.Scope messages) =>
        new($"Could not write TIFF file '{Path}': {what} ({messages.Describe(_tempPath, "LibTiff gave no reason")}).");

    private static void Validate(int width, int height, TiffWriteOptions o)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"The image size {width}×{height} must be positive.");
        if (o.SamplesPerPixel < 1 || o.SamplesPerPixel > 64) throw new ArgumentException($"{o.SamplesPerPixel} samples per pixel; 1 to 64 are allowed.");
        if (o.Tiled && (o.TileWidth % 16 != 0 || (o.TileHeight != 0 && o.TileHeight % 16 != 0) || o.TileHeight < 0))
        {
            throw new ArgumentException($"Tile size {o.TileWidth}×{o.TileHeight} must be a multiple of 16.");
        }
        if (o.TileWidth < 0 || o.RowsPerStrip < 0) throw new ArgumentException("Tile size and rows per strip cannot be negative.");
        if (o.Compression == TiffCompression.Jpeg && o.PixelType != PixelType.UInt8)
        {
            throw new ArgumentException($"JPEG compression needs 8-bit unsigned samples, not {o.PixelType}.");
        }
        if (o.Compression == TiffCompression.Jpeg && (o.JpegQuality < 1 || o.JpegQuality > 100))
        {
            throw new ArgumentException($"JPEG quality {o.JpegQuality} must lie between 1 and 100.");
        }
        if (o.Predictor != TiffPredictor.None && o.Compression is not (TiffCompression.Lzw or TiffCompression.Deflate))
        {
            throw new ArgumentException("A predictor needs LZW or Deflate compression.");
        }
        if (o.Predictor == TiffPredictor.Horizontal && o.PixelType is PixelType.Bit or PixelType.Float32)
        {
            throw new ArgumentException($"The horizontal predictor needs 8, 16 or 32-bit integers, not {o.PixelType}.");
        }
        if (o.Predictor == TiffPredictor.FloatingPoint && o.PixelType != PixelType.Float32)
        {
            throw new ArgumentException($"The floating-point predictor needs Float32 samples, not {o.PixelType}.");
        }
        if (o.Rgb == true && (o.SamplesPerPixel < 3 || o.PixelType is not (PixelType.UInt8 or PixelType.UInt16)))
        {
            throw new ArgumentException("RGB needs at least 3 samples of 8 or 16 bits.");
        }
        if (o.PixelSize is { } size && (!(size.X > 0) || !(size.Y > 0))) throw new ArgumentException($"Pixel size {size} must be positive.");
        if (o.PixelSize is { } unitSize) _ = LengthUnits.MicronsPer(unitSize.Unit);
    }

    private static int StripRows(TiffWriteOptions options, int height, int rowStride)
    {
        int rows = options.RowsPerStrip > 0 ? options.RowsPerStrip : Math.Max(1, (64 << 10) / Math.Max(1, rowStride));
        // JPEG encodes 8-row blocks; strips that split them are refused by the codec.
        if (options.Compression == TiffCompression.Jpeg) rows = Math.Max(8, (rows + 7) / 8 * 8);
        return Math.Min(rows, height);
    }

    private static void SetFields(LibTiff tiff, int width, int height, TiffWriteOptions o, int bits, bool planar, int chunkWidth, int chunkHeight)
    {
        int spp = o.SamplesPerPixel;
        bool rgb = o.Rgb ?? (spp == 3 && o.PixelType is PixelType.UInt8 or PixelType.UInt16);
        tiff.SetField(TiffTag.IMAGEWIDTH, width);
        tiff.SetField(TiffTag.IMAGELENGTH, height);
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, spp);
        tiff.SetField(TiffTag.BITSPERSAMPLE, bits);
        tiff.SetField(TiffTag.SAMPLEFORMAT, o.PixelType switch
        {
            PixelType.Int8 or PixelType.Int16 or PixelType.Int32 => SampleFormat.INT,
            PixelType.Float32 => SampleFormat.IEEEFP,
            _ => SampleFormat.UINT,
        });
        tiff.SetField(TiffTag.PHOTOMETRIC, rgb ? Photometric.RGB : Photometric.MINISBLACK);
        tiff.SetField(TiffTag.PLANARCONFIG, planar ? PlanarConfig.SEPARATE : PlanarConfig.CONTIG);
        int extra = spp - (rgb ? 3 : 1);
        if (extra > 0) tiff.SetField(TiffTag.EXTRASAMPLES, extra, new short[extra]);
        tiff.SetField(TiffTag.COMPRESSION, o.Compression switch
        {
            TiffCompression.Lzw => Compression.LZW,
            TiffCompression.Deflate => Compression.ADOBE_DEFLATE,
            TiffCompression.PackBits => Compression.PACKBITS,
            TiffCompression.Jpeg => Compression.JPEG,
            _ => Compression.NONE,
        });
        if (o.Compression == TiffCompression.Jpeg) tiff.SetField(TiffTag.JPEGQUALITY, o.JpegQuality);
        if (o.Predictor != TiffPredictor.None)
        {
            tiff.SetField(TiffTag.PREDICTOR, o.Predictor == TiffPredictor.Horizontal ? Predictor.HORIZONTAL : Predictor.FLOATINGPOINT);
        }
        if (o.Tiled)
        {
            tiff.SetField(TiffTag.TILEWIDTH, chunkWidth);
            tiff.SetField(TiffTag.TILELENGTH, chunkHeight);
        }
        else
        {
            tiff.SetField(TiffTag.ROWSPERSTRIP, chunkHeight);
        }
        if (!string.IsNullOrEmpty(o.Description)) tiff.SetField(TiffTag.IMAGEDESCRIPTION, o.Description);
        if (!string.IsNullOrEmpty(o.Software)) tiff.SetField(TiffTag.SOFTWARE, o.Software);
        if (o.PixelSize is { } size)
        {
            double micronsPerUnit = LengthUnits.MicronsPer(size.Unit);
            tiff.SetField(TiffTag.RESOLUTIONUNIT, ResUnit.CENTIMETER);
            tiff.SetField(TiffTag.XRESOLUTION, 10000.0 / (size.X * micronsPerUnit));
            tiff.SetField(TiffTag.YRESOLUTION, 10000.0 / (size.Y * micronsPerUnit));
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stray temporary file is harmless; the caller's own error matters more.
        }
    }
}
