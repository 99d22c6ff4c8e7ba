using CellOps.Imaging.Formats;
using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Imaging.Fuzz;

/// <summary>
/// Files of the fuzzing campaign (bench/fuzz), kept so that what they found stays fixed: each is read or
/// refused as a MicrographReadException, allocating little (memory, not time, is asserted: time belongs
/// to the campaign's figures). image-1-1640.tiff claims 10,485,761 one-row strips in 3,284 bytes and cost
/// 247 MB before the directory scan checked strip counts. The other three are mutated seeds from the
/// first campaign, whose harness saved inputs that differed from the ones it ran (fixed since); they
/// remain as hostile inputs, without a verified history.
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
