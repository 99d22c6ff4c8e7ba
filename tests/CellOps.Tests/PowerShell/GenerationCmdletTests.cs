using System.Management.Automation;
using CellOps.Runtime.Generation;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

[Collection(TorchCollection.Name)]
public sealed class GenerationCmdletTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private const string TinyGan = "-HyperParameter @{ LatentSize = 8; GeneratorWidth = 4; DiscriminatorWidth = 4 } -Threads 1 -Epochs 1 -BatchSize 3 -ValidationFraction 0";
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();
    private readonly Dictionary<string, object?> _variables;

    public GenerationCmdletTests(PowerShellSessionFixture fixture)
    {
        _ps = fixture.Session;
        for (int i = 0; i < 3; i++) WholeImageTileSetTests.WriteCrop(_data.File("Eosinophil"), $"e{i}.png", 40 + 4 * i, (220, 90, 40));
        _variables = new Dictionary<string, object?> { ["data"] = _data.Path };
        var trained = _ps.Run(
            "Import-Micrograph \"$data/Eosinophil/*.png\" | New-TileSet -Size 64 -WholeImage -ClassFrom Folder | " +
            $"Start-CellTraining Leukocyte.DCGAN {TinyGan} -OutFile \"$data/gen.cellmodel\"", _variables);
        trained.AssertNoErrors();
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Invoke_CellModel_Count_emits_synthetic_micrographs_that_tile_like_imported_ones()
    {
        var result = _ps.Run(
            "$made = Invoke-CellModel \"$data/gen.cellmodel\" -Count 3 -Seed 5 -Threads 1\n" +
            "$made\n" +
            "$made | ForEach-Object { $_.Synthetic }\n" +
            "$made | New-TileSet -Size 64 -WholeImage -ClassFrom { $_.Metadata['CellOps.Class'] }", _variables);
        result.AssertNoErrors();

        var made = result.Objects<Micrograph>();
        Assert.Equal(3, made.Count);
        Assert.All(made, m => Assert.Equal(("5", "Leukocyte.DCGAN", "gen.cellmodel"),
            (m.Metadata[SyntheticMetadata.SeedKey], m.Metadata[SyntheticMetadata.GeneratorKey], m.Metadata[SyntheticMetadata.PackageKey])));
        Assert.Equal(new[] { true, true, true }, result.Objects<bool>());
        var set = Assert.Single(result.Objects<TileSet>());
        Assert.Equal(new[] { "Eosinophil" }, set.ClassNames);
        Assert.Equal(3, set.Count);
        Assert.Contains(result.Progress, p => p.Activity.StartsWith("Generating with Leukocyte.DCGAN", StringComparison.Ordinal));
    }

    [Fact]
    public void Export_Micrograph_and_Export_ContactSheet_write_PNGs_keep_existing_files_and_honour_WhatIf()
    {
        var result = _ps.Run(
            "$made = Invoke-CellModel \"$data/gen.cellmodel\" -Count 3 -Seed 6 -Threads 1\n" +
            "$made | Export-Micrograph \"$data/none\" -WhatIf\n" +
            "$made | Export-Micrograph \"$data/png\" -PassThru\n" +
            "$made | Export-ContactSheet \"$data/sheet.png\" -Columns 2 -CellSize 16 -PassThru", _variables);
        result.AssertNoErrors();

        Assert.False(Directory.Exists(_data.File("none")));
        var files = result.Objects<FileInfo>();
        Assert.Equal(4, files.Count);
        Assert.Equal(new[] { "Eosinophil-s6-0000.png", "Eosinophil-s6-0001.png", "Eosinophil-s6-0002.png" },
            Directory.GetFiles(_data.File("png")).Select(Path.GetFileName).Order().ToArray());
        using (var png = Cv2.ImRead(_data.File("png/Eosinophil-s6-0000.png"), ImreadModes.Unchanged))
        {
            Assert.Equal((64, 64, 3), (png.Width, png.Height, png.Channels()));
        }
        // Two columns of 16-pixel cells with 2-pixel gaps: three images make two rows, under the class's caption line.
        int caption = CellOps.Imaging.Formats.Caption.LineHeight(0.4);
        using (var sheet = Cv2.ImRead(_data.File("sheet.png"), ImreadModes.Unchanged))
        {
            Assert.Equal((38, 38 + caption, 3), (sheet.Width, sheet.Height, sheet.Channels()));
            // The caption is drawn in black on the white ground above the first row.
            Assert.Contains(Enumerable.Range(0, 38 * caption), i => sheet.At<Vec3b>(i / 38, i % 38).Item0 < 128);
        }

        // Grouped by a script block: the three crops by their folder (one band), the synthetic ones alone (a second band).
        var grouped = _ps.Run(
            "$real = Import-Micrograph \"$data/Eosinophil/*.png\"\n" +
            "@($real) + @(Invoke-CellModel \"$data/gen.cellmodel\" -Count 2 -Seed 6 -Threads 1) | " +
            "Export-ContactSheet \"$data/grouped.png\" -Columns 4 -CellSize 16 -GroupBy { if ($_.Synthetic) { 'synthetic' } else { 'real' } }", _variables);
        grouped.AssertNoErrors();
        using (var sheet = Cv2.ImRead(_data.File("grouped.png"), ImreadModes.Unchanged))
        {
            // Two bands of one row each, 6 pixels apart, each under its caption: 2 + 2 × 18 + 6 + 2 captions.
            Assert.Equal((2 + 3 * 18, 2 + 2 * 18 + 6 + 2 * caption), (sheet.Width, sheet.Height));
        }

        var again = _ps.Run("Invoke-CellModel \"$data/gen.cellmodel\" -Count 1 -Seed 6 -Threads 1 | Export-Micrograph \"$data/png\"", _variables);
        var error = Assert.Single(again.Errors);
        Assert.Equal("OutputExists,CellOps.PowerShell.Commands.ExportMicrographCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
    }

    [Fact]
    public void A_generator_given_input_and_a_classifier_given_Count_are_refused()
    {
        var withInput = _ps.Run("Import-Micrograph \"$data/Eosinophil/e0.png\" | Invoke-CellModel \"$data/gen.cellmodel\" -Threads 1", _variables);
        // A cmdlet's terminating error ends its statement; the script reports it in the error stream.
        Assert.Equal("GeneratorNeedsCount,CellOps.PowerShell.Commands.InvokeCellModelCommand", Assert.Single(withInput.Errors).FullyQualifiedErrorId);

        var classifier = _ps.Run(
            "$t = Import-Micrograph \"$data/Eosinophil/*.png\", \"$data/Eosinophil/e0.png\" | New-TileSet -Size 64 -WholeImage -ClassFrom { $_.Name }\n" +
            "$null = $t | Start-CellTraining Leukocyte.WNet -HyperParameter @{ Depth = 1; BaseWidth = 4; HiddenUnits = 8 } -Threads 1 -Epochs 1 -ValidationFraction 0 -OutFile \"$data/wnet.cellmodel\"\n" +
            "Invoke-CellModel \"$data/wnet.cellmodel\" -Count 2 -Threads 1", _variables);
        Assert.Equal("NotAGenerator,CellOps.PowerShell.Commands.InvokeCellModelCommand", Assert.Single(classifier.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void A_contact_sheet_of_synthetic_cells_can_be_the_first_thing_a_fresh_host_draws()
    {
        // In a new process nothing has loaded OpenCV yet when the sheet's captions are drawn: the
        // native library must be found through CellOps' resolver there too.
        string script = _data.File("sheet.ps1");
        File.WriteAllText(script, "Invoke-CellModel \"$PSScriptRoot/gen.cellmodel\" -Count 2 -Seed 1 -Threads 1 | " +
                                  "Export-ContactSheet \"$PSScriptRoot/fresh.png\" -Columns 2 -CellSize 16\n");
        var result = CellOps.Tests.Scripts.PwshProcess.Run(script);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(_data.File("fresh.png")));
    }
}
