using System.Runtime.InteropServices;
using CellOps.Sdk.Imaging;

namespace CellOps.Imaging.Formats;

/// <summary>
/// A pixel source over samples held in a managed array, laid out frame by frame, each frame
/// channel-planar (CHW): index = ((frame × channels + channel) × height + y) × width + x.
/// Used for synthetic images, for decoded formats that cannot be read by region, and in tests.
/// </summary>
/// <remarks>
/// It holds no file or native memory, so <see cref="Dispose"/> does nothing and one instance may be
/// handed out by many <see cref="Micrograph.OpenPixels"/> calls (see <see cref="ToMicrograph"/>).
/// The counters let tests check how a consumer reads it.
/// </remarks>
public sealed class ArrayPixelSource : IPixelSource
{
    private readonly byte[] _bytes;
    private readonly int _bytesPerSample;

    /// <summary>Wraps 8-bit samples.</summary>
    /// <param name="data">Samples, FCHW; at least frames × channels × height × width long.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="channels">Number of channels.</param>
    /// <param name="frames">Number of frames.</param>
    public ArrayPixelSource(byte[] data, int width, int height, int channels = 1, int frames = 1)
        : this(Copy<byte>(data), PixelType.UInt8, width, height, channels, frames, data?.Length ?? 0)
    {
    }

    /// <summary>Wraps 16-bit unsigned samples.</summary>
    /// <inheritdoc cref="ArrayPixelSource(byte[], int, int, int, int)"/>
    public ArrayPixelSource(ushort[] data, int width, int height, int channels = 1, int frames = 1)
        : this(Copy<ushort>(data), PixelType.UInt16, width, height, channels, frames, data?.Length ?? 0)
    {
    }

    /// <summary>Wraps 32-bit float samples.</summary>
    /// <inheritdoc cref="ArrayPixelSource(byte[], int, int, int, int)"/>
    public ArrayPixelSource(float[] data, int width, int height, int channels = 1, int frames = 1)
        : this(Copy<float>(data), PixelType.Float32, width, height, channels, frames, data?.Length ?? 0)
    {
    }

    /// <summary>Wraps raw samples of any <see cref="PixelType"/> in the machine's byte order, without copying.</summary>
    /// <param name="raw">Raw samples, FCHW.</param>
    /// <param name="pixelType">The type of each sample.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="channels">Number of channels.</param>
    /// <param name="frames">Number of frames.</param>
    public static ArrayPixelSource FromRaw(byte[] raw, PixelType pixelType, int width, int height, int channels = 1, int frames = 1)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return new ArrayPixelSource(raw, pixelType, width, height, channels, frames, raw.Length / pixelType.BytesPerSample());
    }

    private ArrayPixelSource(byte[] raw, PixelType pixelType, int width, int height, int channels, int frames, long sampleCount)
    {
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "Width must be positive.");
        if (height <= 0) throw new ArgumentOutOfRangeException(nameof(height), height, "Height must be positive.");
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channel count must be positive.");
        if (frames <= 0) throw new ArgumentOutOfRangeException(nameof(frames), frames, "Frame count must be positive.");
        long needed = (long)width * height * channels * frames;
        if (sampleCount < needed)
        {
            throw new ArgumentException(
                $"{width}×{height} pixels × {channels} channel(s) × {frames} frame(s) need {needed} samples; the array holds {sampleCount}.");
        }
        _bytes = raw;
        _bytesPerSample = pixelType.BytesPerSample();
        PixelType = pixelType;
        Width = width;
        Height = height;
        ChannelCount = channels;
        FrameCount = frames;
    }

    // The typed constructors take the caller's array as it is; copying it to bytes keeps one code path
    // for every sample type, and a test that mutates its array afterwards does not see the source change.
    private static byte[] Copy<T>(T[] data) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        return MemoryMarshal.AsBytes(data.AsSpan()).ToArray();
    }

    /// <inheritdoc />
    public int Width { get; }

    /// <inheritdoc />
    public int Height { get; }

    /// <inheritdoc />
    public int ChannelCount { get; }

    /// <inheritdoc />
    public int FrameCount { get; }

    /// <inheritdoc />
    public PixelType PixelType { get; }

    /// <summary>How many times <see cref="ReadRegion"/> has been called.</summary>
    public int RegionReads { get; private set; }

    /// <summary>The largest area, in pixels, one <see cref="ReadRegion"/> call has asked for.</summary>
    public long LargestRegionArea { get; private set; }

    /// <summary>How many times a micrograph made by <see cref="ToMicrograph"/> has opened this source.</summary>
    public int OpenCount { get; private set; }

    /// <inheritdoc />
    public void ReadRegion(int frame, PixelRect region, Span<byte> destination)
    {
        if ((uint)frame >= (uint)FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"The image has {FrameCount} frame(s).");
        }
        if (!region.IsInside(Width, Height))
        {
            throw new ArgumentOutOfRangeException(nameof(region), region, $"The region must lie inside the {Width}×{Height} image.");
        }
        int rowBytes = region.Width * _bytesPerSample;
        long needed = region.Area * ChannelCount * _bytesPerSample;
        if (destination.Length < needed)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; {needed} are needed.", nameof(destination));
        }
        RegionReads++;
        LargestRegionArea = Math.Max(LargestRegionArea, region.Area);

        long planeBytes = (long)Width * Height * _bytesPerSample;
        long strideBytes = (long)Width * _bytesPerSample;
        int written = 0;
        for (int c = 0; c < ChannelCount; c++)
        {
            long plane = ((long)frame * ChannelCount + c) * planeBytes;
            for (int y = region.Y; y < region.Bottom; y++)
            {
                long start = plane + y * strideBytes + (long)region.X * _bytesPerSample;
                _bytes.AsSpan(checked((int)start), rowBytes).CopyTo(destination.Slice(written, rowBytes));
                written += rowBytes;
            }
        }
    }

    /// <summary>
    /// Makes a micrograph over this source; every <see cref="Micrograph.OpenPixels"/> call returns
    /// this same instance and counts in <see cref="OpenCount"/>.
    /// </summary>
    /// <param name="name">The micrograph's name.</param>
    /// <param name="role">The role of every channel.</param>
    public Micrograph ToMicrograph(string name, ChannelRole role = ChannelRole.Unknown)
    {
        var channels = new ChannelInfo[ChannelCount];
        for (int c = 0; c < channels.Length; c++)
        {
            channels[c] = new ChannelInfo(c, ChannelCount == 1 ? name : $"{name} ch{c}", role);
        }
        return new Micrograph(name, null, Width, Height, PixelType, FrameCount, channels, null, null, () =>
        {
            OpenCount++;
            return this;
        });
    }

    /// <summary>Does nothing: the source holds only managed memory and may be reused after disposal.</summary>
    public void Dispose()
    {
    }
}
