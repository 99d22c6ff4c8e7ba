using CellOps.Sdk.Imaging;
using Microsoft.Win32.SafeHandles;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace CellOps.Imaging.Tiff;

/// <summary>What reading pages of one open file shares: the LibTiff handle, the chunk cache and the counters.</summary>
internal sealed class TiffReadContext : IDisposable
{
    private SafeFileHandle? _rawFile;
    private bool _rawFileTried;

    public TiffReadContext(LibTiff tiff, string path, TiffChunkCache cache)
    {
        Tiff = tiff;
        Path = path;
        Cache = cache;
    }

    public LibTiff Tiff { get; }
    public string Path { get; }
    public TiffChunkCache Cache { get; }

    /// <summary>Strips or tiles decoded so far (cache hits do not count).</summary>
    public long DecodedChunks { get; set; }

    /// <summary>Scanlines decoded one at a time from strips too large to cache.</summary>
    public long DecodedScanlines { get; set; }

    /// <summary>Where LibTiff's sequential scanline decoder stands; Page -1 when unknown.</summary>
    public ScanlinePosition Scanline { get; set; } = new(-1, 0, 0);

    /// <summary>
    /// A second handle on the file for <see cref="TiffChunkDecoder"/>'s positional reads, which leave
    /// LibTiff's stream where it was and may run on several threads at once; null where it cannot be opened.
    /// </summary>
    public SafeFileHandle? RawFile
    {
        get
        {
            if (!_rawFileTried)
            {
                _rawFileTried = true;
                try
                {
                    _rawFile = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.RandomAccess);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // LibTiff's own stream still reads every chunk.
                    _rawFile = null;
                }
            }
            return _rawFile;
        }
    }

    public void Dispose() => _rawFile?.Dispose();

    public MicrographReadException Corrupt(string problem, Exception? inner = null) =>
        new(Path, MicrographReadFailure.Corrupt, $"TIFF file '{Path}' is damaged: {problem}", inner);

    public MicrographReadException Unsupported(string problem, Exception? inner = null) =>
        new(Path, MicrographReadFailure.Unsupported, $"TIFF file '{Path}' cannot be read: {problem}", inner);

    /// <summary>The page, plane and next row LibTiff's scanline decoder will produce.</summary>
    public readonly record struct ScanlinePosition(int Page, int Plane, int NextRow);
}
