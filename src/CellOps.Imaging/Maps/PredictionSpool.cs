using System.Runtime.InteropServices;
using CellOps.Sdk.Imaging;
using Microsoft.Win32.SafeHandles;

namespace CellOps.Imaging.Maps;

/// <summary>
/// A predicted image too large to hold in memory: float32 planes (channel after channel, row by row) in a
/// temporary file that the system deletes once the last handle to it closes. Written band by band while
/// prediction runs, then read by regions like any micrograph (see <see cref="OpenPixels"/>).
/// </summary>
/// <remarks>
/// The file lives as long as this object: when it is collected, or the process ends, its handle closes
/// and the disk space is returned. Reads and writes are positional, so several readers may share it.
/// </remarks>
public sealed class PredictionSpool : IDisposable
{
    private readonly SafeFileHandle _handle;

    private PredictionSpool(SafeFileHandle handle, string path, int width, int height, int channels)
    {
        _handle = handle;
        Path = path;
        Width = width;
        Height = height;
        ChannelCount = channels;
    }

    /// <summary>Where the file is (it is deleted when the spool closes).</summary>
    public string Path { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of channels.</summary>
    public int ChannelCount { get; }

    /// <summary>Creates an empty spool for a width × height image of <paramref name="channels"/> float32 channels.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="channels">Channels.</param>
    /// <param name="folder">Where to put the file; null: the system's temporary folder.</param>
    /// <exception cref="IOException">The file cannot be made (e.g. the disk is full).</exception>
    public static PredictionSpool Create(int width, int height, int channels, string? folder = null)
    {
        if (width < 1 || height < 1 || channels < 1) throw new ArgumentOutOfRangeException(nameof(width), "A spool needs a positive size and channel count.");
        folder ??= System.IO.Path.GetTempPath();
        string path = System.IO.Path.Combine(folder, $"cellops-prediction-{Guid.NewGuid():N}.f32");
        long bytes = checked((long)width * height * channels * sizeof(float));
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read,
            FileOptions.DeleteOnClose | FileOptions.RandomAccess, preallocationSize: 0);
        try
        {
            RandomAccess.SetLength(handle, bytes);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
        return new PredictionSpool(handle, path, width, height, channels);
    }

    /// <summary>Writes whole rows of one channel, starting at row <paramref name="top"/>.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="top">The first row.</param>
    /// <param name="rows">Row-major values, a whole number of rows of <see cref="Width"/>.</param>
    public void WriteRows(int channel, int top, ReadOnlySpan<float> rows)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if ((uint)channel >= (uint)ChannelCount) throw new ArgumentOutOfRangeException(nameof(channel));
        if (rows.Length % Width != 0 || top < 0 || top + rows.Length / Width > Height)
            throw new ArgumentOutOfRangeException(nameof(rows), "The rows must be whole rows inside the image.");
        RandomAccess.Write(_handle, MemoryMarshal.AsBytes(rows), Offset(channel, 0, top));
    }

    /// <summary>Opens a pixel source over the spool (it does not own the file).</summary>
    public IPixelSource OpenPixels() => new Source(this, null);

    /// <summary>Opens a one-channel pixel source over channel <paramref name="channel"/> of the spool.</summary>
    public IPixelSource OpenChannel(int channel) =>
        (uint)channel < (uint)ChannelCount ? new Source(this, channel) : throw new ArgumentOutOfRangeException(nameof(channel));

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    private long Offset(int channel, int x, int y) => (((long)channel * Height + y) * Width + x) * sizeof(float);

    /// <summary>Reads a region of one channel (or, with <paramref name="channel"/> null, of every channel, plane after plane).</summary>
    public void ReadRegion(int? channel, PixelRect region, Span<float> destination) =>
        ReadRegion(channel, region, MemoryMarshal.AsBytes(destination));

    private void ReadRegion(int? channel, PixelRect region, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (region.X < 0 || region.Y < 0 || region.Width < 1 || region.Height < 1 || region.X + region.Width > Width || region.Y + region.Height > Height)
        {
            throw new ArgumentOutOfRangeException(nameof(region), $"The region {region} lies outside the {Width}×{Height} prediction.");
        }
        int rowBytes = region.Width * sizeof(float);
        int at = 0;
        int first = channel ?? 0, last = channel ?? ChannelCount - 1;
        for (int c = first; c <= last; c++)
        {
            for (int r = 0; r < region.Height; r++, at += rowBytes)
            {
                var row = destination.Slice(at, rowBytes);
                int read = RandomAccess.Read(_handle, row, Offset(c, region.X, region.Y + r));
                if (read != rowBytes) throw new MicrographReadException(Path, MicrographReadFailure.Corrupt, $"The prediction spool {Path} ended early.");
            }
        }
    }

    private sealed class Source : IPixelSource
    {
        private readonly PredictionSpool _spool;
        private readonly int? _channel;

        public Source(PredictionSpool spool, int? channel) => (_spool, _channel) = (spool, channel);

        public int Width => _spool.Width;
        public int Height => _spool.Height;
        public int ChannelCount => _channel is null ? _spool.ChannelCount : 1;
        public int FrameCount => 1;
        public PixelType PixelType => PixelType.Float32;

        public void ReadRegion(int frame, PixelRect region, Span<byte> destination)
        {
            if (frame != 0) throw new ArgumentOutOfRangeException(nameof(frame), frame, "A prediction has one frame.");
            _spool.ReadRegion(_channel, region, destination);
        }

        // The spool outlives its readers; closing a reader closes nothing.
        public void Dispose()
        {
        }
    }
}
