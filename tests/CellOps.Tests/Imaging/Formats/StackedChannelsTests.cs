using System.Runtime.InteropServices;
using CellOps.Imaging.Formats;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.Imaging.Formats;

public sealed class StackedChannelsTests : IDisposable
{
    private const int W = 12, H = 9;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // Sample (x, y) of plane `seed`: distinct in every pixel and every plane.
    private static ushort Value(int seed, int x, int y) => (ushort)(1000 * seed + 31 * y + x);

    private string Png16(string name, int seed, int width = W, int height = H)
    {
        using var mat = new Mat(height, width, MatType.CV_16UC1);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                mat.Set(y, x, Value(seed, x, y));
        string path = _folder.File(name);
        Cv2.ImWrite(path, mat);
        return path;
    }

    private string Png8(string name, int width = W, int height = H)
    {
        string path = _folder.File(name);
        PngWriter.Write(path, width, height, 1, new byte[width * height]);
        return path;
    }

    // A planar 16-bit TIFF with one page per frame and `channels` samples per pixel; plane (frame, c) uses seed `seed + 10 * frame + c`.
    private string Tiff16(string name, int seed, int channels, int frames = 1)
    {
        string path = _folder.File(name);
        using var writer = TiffWriter.Create(path);
        for (int f = 0; f < frames; f++)
        {
            var samples = new ushort[channels * W * H];
            for (int c = 0; c < channels; c++)
                for (int y = 0; y < H; y++)
                    for (int x = 0; x < W; x++)
                        samples[(c * H + y) * W + x] = Value(seed + 10 * f + c, x, y);
            writer.WritePage(W, H, new TiffWriteOptions { SamplesPerPixel = channels, Planar = true, Rgb = false },
                MemoryMarshal.AsBytes(samples.AsSpan()).ToArray());
        }
        writer.Commit();
        return path;
    }

    private static float[] Read(Micrograph micrograph, PixelRect region, int frame = 0)
    {
        var samples = new float[micrograph.ChannelCount * region.Area];
        using var pixels = micrograph.OpenPixels();
        pixels.ReadRegion(frame, region, samples.AsSpan());
        return samples;
    }

    private static IEnumerable<float> Plane(int seed, PixelRect region)
    {
        for (int y = region.Y; y < region.Bottom; y++)
            for (int x = region.X; x < region.Right; x++)
                yield return Value(seed, x, y);
    }

    [Fact]
    public void Each_channel_holds_exactly_its_files_pixels_and_a_file_of_two_channels_gives_both()
    {
        var a = Png16("z00.png", 1);
        var b = Tiff16("pair.tif", 2, channels: 2);
        var c = Png16("z02.png", 5);

        var stack = MicrographLoader.LoadChannels(new[] { a, b, c });

        Assert.Equal(4, stack.ChannelCount);
        Assert.Equal(new[] { "z00", "pair.C0", "pair.C1", "z02" }, stack.Channels.Select(ch => ch.Name));
        Assert.Equal(new[] { 0, 1, 2, 3 }, stack.Channels.Select(ch => ch.Index));
        Assert.Equal((W, H, PixelType.UInt16, 1), (stack.Width, stack.Height, stack.PixelType, stack.FrameCount));
        var region = new PixelRect(3, 2, 5, 4);
        Assert.Equal(Plane(1, region).Concat(Plane(2, region)).Concat(Plane(3, region)).Concat(Plane(5, region)), Read(stack, region));
    }

    [Fact]
    public void The_stack_is_named_after_its_files_takes_the_first_path_and_lists_every_file()
    {
        var files = new[] { Png16("phase_z00.png", 1), Png16("phase_z01.png", 2), Png16("phase_z12.png", 3) };
        var stack = MicrographLoader.LoadChannels(files);
        Assert.Equal("phase_z00-12", stack.Name);
        Assert.Equal(files[0], stack.Path);
        Assert.Equal(string.Join('\n', files), stack.Metadata[MicrographLoader.ChannelFilesKey]);
        Assert.Equal("PNG", stack.Metadata["Format"]);
    }

    [Theory]
    [InlineData("phase_z00,phase_z01,phase_z12", "phase_z00-12")]
    [InlineData("z01,z02,z09", "z01-09")]
    [InlineData("dapi,map2", "dapi+map2")]
    [InlineData("dapi,map2,nfh", "dapi+map2+nfh")]
    [InlineData("a,b,c,d", "a-d")]
    [InlineData("well", "well")]
    public void Stack_names(string stems, string expected) =>
        Assert.Equal(expected, MicrographLoader.StackName(stems.Split(',')));

    [Fact]
    public void Channel_chooses_among_the_stacked_channels_and_names_and_roles_describe_the_kept_ones()
    {
        var stack = MicrographLoader.LoadChannels(new[] { Png16("a.png", 1), Png16("b.png", 2), Png16("c.png", 3) },
            new MicrographLoadOptions { Channels = [2, 0], ChannelNames = ["third", "first"], Roles = [ChannelRole.PhaseContrast] });
        Assert.Equal(new[] { "third", "first" }, stack.Channels.Select(c => c.Name));
        Assert.All(stack.Channels, c => Assert.Equal(ChannelRole.PhaseContrast, c.Role));
        var region = new PixelRect(0, 0, W, H);
        Assert.Equal(Plane(3, region).Concat(Plane(1, region)), Read(stack, region));
    }

    [Fact]
    public void Frames_of_multi_frame_files_stack_frame_by_frame()
    {
        var stack = MicrographLoader.LoadChannels(new[] { Tiff16("a.tif", 1, 1, frames: 2), Tiff16("b.tif", 4, 1, frames: 2) });
        Assert.Equal(2, stack.FrameCount);
        var region = new PixelRect(1, 1, 3, 3);
        Assert.Equal(Plane(11, region).Concat(Plane(14, region)), Read(stack, region, frame: 1));
    }

    [Fact]
    public void A_file_of_another_size_is_refused_naming_it_and_both_sizes()
    {
        var first = Png16("a.png", 1);
        var other = Png16("b.png", 2, W, H + 1);
        var error = Assert.Throws<MicrographReadException>(() => MicrographLoader.LoadChannels(new[] { first, other }));
        Assert.Equal(MicrographReadFailure.Mismatch, error.Failure);
        Assert.Equal(other, error.Path);
        Assert.Contains($"'{other}' is {W}×{H + 1}", error.Message);
        Assert.Contains($"{W}×{H}", error.Message);
    }

    [Fact]
    public void A_file_of_another_pixel_type_or_frame_count_is_refused_saying_what_differs()
    {
        var type = Assert.Throws<MicrographReadException>(() => MicrographLoader.LoadChannels(new[] { Png16("a.png", 1), Png8("b.png") }));
        Assert.Equal((MicrographReadFailure.Mismatch, _folder.File("b.png")), (type.Failure, type.Path));
        Assert.Contains("UInt8", type.Message);
        Assert.Contains("UInt16", type.Message);

        var frames = Assert.Throws<MicrographReadException>(() =>
            MicrographLoader.LoadChannels(new[] { Tiff16("c.tif", 1, 1), Tiff16("d.tif", 1, 1, frames: 2) }));
        Assert.Equal((MicrographReadFailure.Mismatch, _folder.File("d.tif")), (frames.Failure, frames.Path));
        Assert.Contains("2 frame(s)", frames.Message);
    }

    [Fact]
    public void A_file_given_twice_or_names_that_do_not_fit_are_refused()
    {
        var a = Png16("a.png", 1);
        var b = Png16("b.png", 2);
        var twice = Assert.Throws<ArgumentException>(() => MicrographLoader.LoadChannels(new[] { a, b, a }));
        Assert.Contains("a.png", twice.Message);
        var names = Assert.Throws<ArgumentException>(() =>
            MicrographLoader.LoadChannels(new[] { a, b }, new MicrographLoadOptions { ChannelNames = ["one"] }));
        Assert.Contains("2 files", names.Message);
    }

    [Fact]
    public void A_file_that_changes_after_import_is_named_when_pixels_are_read()
    {
        var a = Png16("a.png", 1);
        var b = Png16("b.png", 2);
        var stack = MicrographLoader.LoadChannels(new[] { a, b });
        Png16("b.png", 2, W + 1, H);
        var error = Assert.Throws<MicrographReadException>(() => stack.OpenPixels().Dispose());
        Assert.Equal((MicrographReadFailure.Mismatch, b), (error.Failure, error.Path));
        Assert.Contains("changed", error.Message);
    }

    [Fact]
    public void Real_z_planes_stack_into_the_same_pixels_each_file_gives_alone()
    {
        var folder = Path.Combine(RepoPaths.SharedData ?? throw new DirectoryNotFoundException("No shared/data folder."), "isl-motor-neurons");
        var files = new[] { "phase_z00.png", "phase_z06.png", "map2.png" }.Select(f => Path.Combine(folder, f)).ToArray();
        var stack = MicrographLoader.LoadChannels(files);
        Assert.Equal((1024, 1024, PixelType.UInt16), (stack.Width, stack.Height, stack.PixelType));
        var region = new PixelRect(500, 300, 64, 48);
        var expected = files.SelectMany(f => Read(MicrographLoader.Load(f), region));
        Assert.Equal(expected, Read(stack, region));
    }
}
