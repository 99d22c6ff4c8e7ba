using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Imaging.Fuzz;

/// <summary>
/// Files the fuzzer (bench/fuzz) found, kept so that they stay fixed: each is read or refused as a
/// MicrographReadException, allocating little (memory, not time, is asserted: time belongs to the
/// fuzz campaign's figures). Before the bounds on claimed sizes, the first two took 192 and 241 MB
/// above baseline and the third 16 s (allocating gigabytes).
/// </summary>
public sealed class FuzzRegressionTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "CellOps.Tests", "Imaging", "Fuzz", "Regressions");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_fuzzer_finding_is_read_or_refused_clearly_in_bounded_memory(string name)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            using var file = ImageFiles.Open(Path.Combine(Folder, name));
            int width = Math.Min(file.Width, 1024), height = Math.Min(file.Height, 1024);
            var buffer = new byte[width * height * file.ChannelCount * file.PixelType.BytesPerSample()];
            for (int frame = 0; frame < Math.Min(file.FrameCount, 4); frame++) file.ReadRegion(frame, new PixelRect(0, 0, width, height), buffer);
        }
        catch (MicrographReadException ex)
        {
            Assert.Contains(name, ex.Message);
        }
        long allocatedMb = (GC.GetAllocatedBytesForCurrentThread() - before) >> 20;
        Assert.True(allocatedMb < 100, $"{allocatedMb} MB allocated");
    }
}
