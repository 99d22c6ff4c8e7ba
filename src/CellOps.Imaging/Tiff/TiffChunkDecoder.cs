using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using Microsoft.Win32.SafeHandles;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Imaging.Tiff;

/// <summary>
/// Decodes the strips or tiles of the common layouts (uncompressed, LZW or Deflate; no predictor, or the
/// horizontal one on 8/16/32-bit samples) straight from the file, without LibTiff: positional reads,
/// libdeflate (where the system has it) or .NET's zlib for Deflate, <see cref="TiffLzwDecoder"/> for LZW. Positional reads share no state,
/// so several chunks of one region can be decoded at once on several cores.
/// </summary>
/// <remarks>
/// It produces exactly what LibTiff's ReadEncodedStrip/Tile would (samples in machine byte order,
/// predictor undone), and it only takes data it fully understands: anything else (old-style LZW, a
/// missing or short chunk, a decode error) makes <see cref="TryDecode"/> return false, and the caller
/// decodes that chunk with LibTiff, whose error messages damaged files keep getting.
/// </remarks>
internal sealed class TiffChunkDecoder
{
    private readonly long[] _offsets;
    private readonly long[] _counts;
    private readonly Compression _compression;
    private readonly bool _horizontalPredictor;
    private readonly bool _swapBytes;
    private readonly int _bytesPerSample;
    private readonly int _samplesPerPixel;
    private readonly int _rowStride;

    private TiffChunkDecoder(long[] offsets, long[] counts, Compression compression, bool horizontalPredictor, bool swapBytes,
        int bytesPerSample, int samplesPerPixel, int rowStride)
    {
        _offsets = offsets;
        _counts = counts;
        _compression = compression;
        _horizontalPredictor = horizontalPredictor;
        _swapBytes = swapBytes;
        _bytesPerSample = bytesPerSample;
        _samplesPerPixel = samplesPerPixel;
        _rowStride = rowStride;
    }

    /// <summary>
    /// A decoder for the current directory of <paramref name="tif"/>, or null where its layout is one that
    /// only LibTiff reads.
    /// </summary>
    /// <param name="tif">Positioned on the page.</param>
    /// <param name="compression">The page's compression.</param>
    /// <param name="bitsPerSample">Bits of one sample.</param>
    /// <param name="chunkSamples">Samples per pixel within one chunk (1 for planar pages).</param>
    /// <param name="rowStride">Bytes of one decoded row of a chunk.</param>
    /// <param name="tiled">Tiles rather than strips.</param>
    public static TiffChunkDecoder? TryCreate(LibTiff tif, Compression compression, int bitsPerSample, int chunkSamples, int rowStride, bool tiled)
    {
        if (compression is not (Compression.NONE or Compression.LZW or Compression.ADOBE_DEFLATE or Compression.DEFLATE)) return null;
        // Bit-reversed fill order is undone by LibTiff before decoding; rare enough to leave to it.
        if ((TiffFields.LongDefaulted(tif, TiffTag.FILLORDER) ?? (long)FillOrder.MSB2LSB) != (long)FillOrder.MSB2LSB) return null;
        long predictor = compression == Compression.NONE ? 1 : TiffFields.LongDefaulted(tif, TiffTag.PREDICTOR) ?? 1;
        bool horizontal = predictor == (long)Predictor.HORIZONTAL;
        if (predictor != (long)Predictor.NONE && !horizontal) return null;
        if (horizontal && bitsPerSample is not (8 or 16 or 32)) return null;
        if (bitsPerSample is not (1 or 2 or 4 or 8 or 16 or 32)) return null;
        long[]? offsets = TiffFields.Longs(tif, tiled ? TiffTag.TILEOFFSETS : TiffTag.STRIPOFFSETS);
        long[]? counts = TiffFields.Longs(tif, tiled ? TiffTag.TILEBYTECOUNTS : TiffTag.STRIPBYTECOUNTS);
        if (offsets is null || counts is null) return null;
        return new TiffChunkDecoder(offsets, counts, compression, horizontal, tif.IsByteSwapped() && bitsPerSample >= 16,
            bitsPerSample / 8, chunkSamples, rowStride);
    }

    /// <summary>
    /// Decodes chunk <paramref name="index"/> (<paramref name="rows"/> rows) into <paramref name="destination"/>;
    /// false where LibTiff should decode it instead.
    /// </summary>
    public bool TryDecode(SafeFileHandle file, int index, int rows, Span<byte> destination)
    {
        if ((uint)index >= (uint)_offsets.Length || (uint)index >= (uint)_counts.Length) return false;
        long offset = _offsets[index], count = _counts[index];
        int expected = rows * _rowStride;
        if (count <= 0 || count > int.MaxValue || destination.Length < expected) return false;
        var target = destination[..expected];
        try
        {
            if (_compression == Compression.NONE)
            {
                if (count < expected || !ReadExactly(file, offset, target)) return false;
            }
            else
            {
                byte[] raw = ArrayPool<byte>.Shared.Rent((int)count);
                try
                {
                    var data = raw.AsSpan(0, (int)count);
                    if (!ReadExactly(file, offset, data)) return false;
                    int produced = _compression == Compression.LZW ? DecodeLzw(data, target) : Inflate(raw, (int)count, target);
                    if (produced < expected) return false;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(raw);
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return false;
        }
        if (_swapBytes) SwapBytes(target);
        if (_horizontalPredictor) UndoHorizontalPredictor(target, rows);
        return true;
    }

    /// <summary>Whether chunks are stored uncompressed, so that rows can be read straight into place.</summary>
    public bool Uncompressed => _compression == Compression.NONE;

    /// <summary>
    /// For uncompressed chunks: reads <paramref name="rows"/> rows of chunk <paramref name="index"/>,
    /// starting at row <paramref name="firstRow"/>, straight from the file into <paramref name="destination"/>
    /// (no chunk buffer, no copy); false where the chunk is compressed or too short.
    /// </summary>
    public bool TryReadRows(SafeFileHandle file, int index, int firstRow, int rows, Span<byte> destination)
    {
        if (!Uncompressed || (uint)index >= (uint)_offsets.Length || (uint)index >= (uint)_counts.Length) return false;
        long start = (long)firstRow * _rowStride, length = (long)rows * _rowStride;
        if (_counts[index] < start + length || destination.Length < length) return false;
        var target = destination[..(int)length];
        try
        {
            if (!ReadExactly(file, _offsets[index] + start, target)) return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        if (_swapBytes) SwapBytes(target);
        return true;
    }

    private static int DecodeLzw(ReadOnlySpan<byte> data, Span<byte> target) =>
        TiffLzwDecoder.IsOldStyle(data) ? -1 : TiffLzwDecoder.Decode(data, target);

    private static int Inflate(byte[] raw, int count, Span<byte> target)
    {
        if (LibDeflate.TryZlibDecompress(raw.AsSpan(0, count), target) is int produced) return produced;
        using var input = new MemoryStream(raw, 0, count, writable: false);
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        return zlib.ReadAtLeast(target, target.Length, throwOnEndOfStream: false);
    }

    private static bool ReadExactly(SafeFileHandle file, long offset, Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = RandomAccess.Read(file, buffer[done..], offset + done);
            if (n <= 0) return false;
            done += n;
        }
        return true;
    }

    private void SwapBytes(Span<byte> data)
    {
        if (_bytesPerSample == 2)
        {
            var words = MemoryMarshal.Cast<byte, ushort>(data);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
        else if (_bytesPerSample == 4)
        {
            var words = MemoryMarshal.Cast<byte, uint>(data);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }

    /// <summary>Each sample was stored as the difference from the same sample of the pixel to its left; add them back up, row by row.</summary>
    private void UndoHorizontalPredictor(Span<byte> data, int rows)
    {
        int spp = _samplesPerPixel;
        for (int r = 0; r < rows; r++)
        {
            var row = data.Slice(r * _rowStride, _rowStride);
            switch (_bytesPerSample)
            {
                case 1:
                    for (int i = spp; i < row.Length; i++) row[i] += row[i - spp];
                    break;
                case 2:
                {
                    var samples = MemoryMarshal.Cast<byte, ushort>(row);
                    if (spp == 1)
                    {
                        ushort running = samples[0];
                        for (int i = 1; i < samples.Length; i++) samples[i] = running = (ushort)(running + samples[i]);
                    }
                    else
                    {
                        for (int i = spp; i < samples.Length; i++) samples[i] += samples[i - spp];
                    }
                    break;
                }
                default:
                {
                    var samples = MemoryMarshal.Cast<byte, uint>(row);
                    for (int i = spp; i < samples.Length; i++) samples[i] += samples[i - spp];
                    break;
                }
            }
        }
    }
}
