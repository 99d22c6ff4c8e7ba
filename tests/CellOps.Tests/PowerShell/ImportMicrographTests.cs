using CellOps.Sdk.Imaging;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

public sealed class ImportMicrographTests : IClassFixture<PowerShellSessionFixture>
{
    private const string CmdletClass = "CellOps.PowerShell.Commands.ImportMicrographCommand";
    private readonly PowerShellSession _ps;

    public ImportMicrographTests(PowerShellSessionFixture fixture) => _ps = fixture.Session;

    private static string Smears => Path.Combine(RepoPaths.Examples, "data", "bccd");

    [Fact]
    public void Wildcard_path_imports_every_matching_smear()
    {
        var result = _ps.Run("Import-Micrograph -Path ($dir + '/BloodImage_*.jpg')",
            new Dictionary<string, object?> { ["dir"] = Smears });
        result.AssertNoErrors();
        var micrographs = result.Objects<Micrograph>();
        Assert.Equal(24, micrographs.Count);
        Assert.All(micrographs, m =>
        {
            Assert.Equal(640, m.Width);
            Assert.Equal(480, m.Height);
            Assert.Equal(3, m.ChannelCount);
            Assert.Equal(PixelType.UInt8, m.PixelType);
            Assert.Equal(1, m.FrameCount);
            Assert.Null(m.Pair);
        });
        Assert.Equal(new[] { "Red", "Green", "Blue" }, micrographs[0].Channels.Select(c => c.Name));
    }

    [Fact]
    public void PairWith_script_block_attaches_each_files_own_mask()
    {
        var result = _ps.Run(
            "Import-Micrograph ($dir + '/*.jpg') -Role BrightField -PairWith { $_.FullName -replace '\\.jpg$', '_wbc.png' } -PairRole Mask",
            new Dictionary<string, object?> { ["dir"] = Smears });
        result.AssertNoErrors();
        var micrographs = result.Objects<Micrograph>();
        Assert.Equal(24, micrographs.Count);
        Assert.All(micrographs, m =>
        {
            Assert.NotNull(m.Pair);
            Assert.Equal(Path.GetFileNameWithoutExtension(m.Name) + "_wbc.png", m.Pair!.Name);
            Assert.Equal(ChannelRole.Mask, m.Pair.Role);
            Assert.Equal(ChannelRole.BrightField, m.Role);
            Assert.Equal(1, m.Pair.ChannelCount);
        });
    }

    [Fact]
    public void A_missing_file_is_a_non_terminating_error_and_the_next_file_is_imported()
    {
        using var temp = new TempFolder();
        var good = WriteGray(temp.File("good.png"), 32, 24);
        var missing = temp.File("missing.png");
        var result = _ps.Run("Import-Micrograph -LiteralPath $missing, $good",
            new Dictionary<string, object?> { ["missing"] = missing, ["good"] = good });

        Assert.Null(result.Terminating);
        Assert.Single(result.Objects<Micrograph>());
        var error = Assert.Single(result.Errors);
        Assert.Equal("MicrographNotFound," + CmdletClass, error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(missing, error.TargetObject);
        Assert.Contains("missing.png", error.Exception.Message);
    }

    [Fact]
    public void A_folder_given_as_an_image_is_called_a_folder_not_access_denied()
    {
        using var temp = new TempFolder();
        var folder = Directory.CreateDirectory(temp.File("plate.png")).FullName;
        var good = WriteGray(temp.File("good.png"), 32, 24);
        var result = _ps.Run("Import-Micrograph -LiteralPath $folder, $good",
            new Dictionary<string, object?> { ["folder"] = folder, ["good"] = good });

        Assert.Single(result.Objects<Micrograph>());
        var error = Assert.Single(result.Errors);
        Assert.Equal("UnsupportedImage," + CmdletClass, error.FullyQualifiedErrorId);
        Assert.Equal(folder, error.TargetObject);
        Assert.Contains("is a folder", error.Exception.Message);
        Assert.DoesNotContain("denied", error.Exception.Message);
    }

    [Fact]
    public void Corrupt_and_unsupported_files_give_their_own_error_ids_and_name_the_file()
    {
        using var temp = new TempFolder();
        var corrupt = temp.File("broken.png");
        File.WriteAllBytes(corrupt, new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 1, 2, 3, 4, 5 });
        var text = temp.File("notes.tif");
        File.WriteAllText(text, "these are not pixels");
        var good = WriteGray(temp.File("good.png"), 8, 8);

        var result = _ps.Run("Import-Micrograph -LiteralPath $a, $b, $c",
            new Dictionary<string, object?> { ["a"] = corrupt, ["b"] = text, ["c"] = good });

        Assert.Null(result.Terminating);
        Assert.Single(result.Objects<Micrograph>());
        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith("CorruptImage,", result.Errors[0].FullyQualifiedErrorId);
        Assert.Contains("broken.png", result.Errors[0].Exception.Message);
        Assert.Equal(corrupt, result.Errors[0].TargetObject);
        Assert.StartsWith("UnsupportedImage,", result.Errors[1].FullyQualifiedErrorId);
        Assert.Contains("notes.tif", result.Errors[1].Exception.Message);
    }

    [Fact]
    public void A_pair_of_another_size_is_refused_and_the_next_micrograph_still_pairs()
    {
        using var temp = new TempFolder();
        WriteGray(temp.File("a_phase.png"), 40, 30);
        WriteGray(temp.File("a_gfp.png"), 40, 31);
        WriteGray(temp.File("b_phase.png"), 40, 30);
        WriteGray(temp.File("b_gfp.png"), 40, 30);

        var result = _ps.Run("Import-Micrograph ($dir + '/*_phase.png') -PairWith { $_.FullName -replace '_phase', '_gfp' }",
            new Dictionary<string, object?> { ["dir"] = temp.Path });

        var imported = Assert.Single(result.Objects<Micrograph>());
        Assert.Equal("b_phase.png", imported.Name);
        Assert.Equal(ChannelRole.Fluorescence, imported.Pair!.Role);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("PairSizeMismatch,", error.FullyQualifiedErrorId);
        Assert.Contains("a_gfp.png", error.Exception.Message);
        Assert.Contains("40×31", error.Exception.Message);
    }

    [Fact]
    public void LiteralPath_takes_brackets_literally_and_binds_FileInfo_from_the_pipeline()
    {
        using var temp = new TempFolder();
        WriteGray(temp.File("well[1].png"), 16, 16);
        WriteGray(temp.File("well2.png"), 16, 16);

        var result = _ps.Run("[System.IO.DirectoryInfo]::new($dir).GetFiles('*.png') | Import-Micrograph -Role PhaseContrast -ChannelName Phase",
            new Dictionary<string, object?> { ["dir"] = temp.Path });

        result.AssertNoErrors();
        var micrographs = result.Objects<Micrograph>();
        Assert.Equal(new[] { "well2.png", "well[1].png" }, micrographs.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(micrographs, m => Assert.Equal(new ChannelInfo(0, "Phase", ChannelRole.PhaseContrast), m.Channels[0]));
    }

    [Fact]
    public void Relative_paths_resolve_against_the_PowerShell_location()
    {
        using var temp = new TempFolder();
        WriteGray(temp.File("field.png"), 12, 10);
        var result = _ps.Run("Import-Micrograph ./field.png", location: temp.Path);
        result.AssertNoErrors();
        Assert.Equal(Path.Combine(temp.Path, "field.png"), Assert.Single(result.Objects<Micrograph>()).Path);
    }

    [Fact]
    public void A_wildcard_that_matches_nothing_says_so()
    {
        using var temp = new TempFolder();
        var result = _ps.Run("Import-Micrograph ($dir + '/*.tif')", new Dictionary<string, object?> { ["dir"] = temp.Path });
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("MicrographNotFound,", error.FullyQualifiedErrorId);
        Assert.Contains("*.tif", error.Exception.Message);
    }

    [Fact]
    public void Too_many_channel_names_is_an_error_naming_the_file()
    {
        using var temp = new TempFolder();
        var file = WriteGray(temp.File("one.png"), 8, 8);
        var result = _ps.Run("Import-Micrograph $f -ChannelName a, b", new Dictionary<string, object?> { ["f"] = file });
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("InvalidChannelDescription,", error.FullyQualifiedErrorId);
        Assert.Contains("one.png", error.Exception.Message);
    }

    internal static string WriteGray(string path, int width, int height)
    {
        using var mat = new Mat(height, width, MatType.CV_8UC1);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                mat.Set(y, x, (byte)((x * 7 + y * 13) & 0xFF));
        Cv2.ImWrite(path, mat);
        return path;
    }
}
