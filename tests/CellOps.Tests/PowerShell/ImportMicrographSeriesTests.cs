using System.Management.Automation;
using CellOps.Imaging.Tiff;
using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>Import-Micrograph on a TIFF whose pages change size part-way: one micrograph per series.</summary>
public sealed class ImportMicrographSeriesTests : IClassFixture<PowerShellSessionFixture>
{
    private readonly PowerShellSession _ps;

    public ImportMicrographSeriesTests(PowerShellSessionFixture fixture) => _ps = fixture.Session;

    [Fact]
    public void A_file_of_three_series_gives_three_micrographs_and_says_so_with_Verbose()
    {
        using var temp = new TempFolder();
        string path = temp.File("scan.tif");
        using (var writer = TiffWriter.Create(path))
        {
            foreach (int width in new[] { 30, 30, 12, 30 }) writer.WritePage(width, 10, new TiffWriteOptions { PixelType = PixelType.UInt8 }, new byte[width * 10]);
            writer.Commit();
        }
        var result = _ps.Run("Import-Micrograph -LiteralPath $file -Verbose 4>&1", new Dictionary<string, object?> { ["file"] = path });
        result.AssertNoErrors();
        var micrographs = result.Objects<Micrograph>();
        Assert.Equal(new[] { "scan#1.tif", "scan#2.tif", "scan#3.tif" }, micrographs.Select(m => m.Name));
        Assert.Equal(new[] { (30, 2), (12, 1), (30, 1) }, micrographs.Select(m => (m.Width, m.FrameCount)));
        Assert.Equal(new[] { "1-2", "3", "4" }, micrographs.Select(m => m.Metadata["SeriesPages"]));
        var verbose = result.Objects<VerboseRecord>().Select(v => v.Message).ToList();
        Assert.Contains($"'{path}' has 3 series of pages that differ in size; importing each as a micrograph.", verbose);
        Assert.Contains(verbose, v => v.StartsWith($"Read '{path}' series 2 of 3 as scan#2.tif (pages 3)", StringComparison.Ordinal));
    }

    [Fact]
    public void PagesAsChannels_on_pages_that_differ_is_a_PageMismatch_error()
    {
        using var temp = new TempFolder();
        string path = temp.File("mixed.tif");
        using (var writer = TiffWriter.Create(path))
        {
            writer.WritePage(8, 8, new TiffWriteOptions(), new byte[8 * 8 * 2]);
            writer.WritePage(9, 8, new TiffWriteOptions(), new byte[9 * 8 * 2]);
            writer.Commit();
        }
        var result = _ps.Run("Import-Micrograph -LiteralPath $file -PagesAsChannels", new Dictionary<string, object?> { ["file"] = path });
        Assert.Empty(result.Objects<Micrograph>());
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("PageMismatch,", error.FullyQualifiedErrorId);
        Assert.Contains("cannot be read as channels", error.Exception.Message);
    }
}
