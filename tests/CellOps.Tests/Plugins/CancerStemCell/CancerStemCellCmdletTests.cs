using CellOps.PluginHost;
using CellOps.Runtime.Translation;
using CellOps.Sdk.Models;
using CellOps.Tests.PowerShell;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.Plugins.CancerStemCell;

/// <summary>The plugin as users meet it: listed by Get-CellModel, trained by Start-CellTraining, run by Invoke-CellModel.</summary>
[Collection(TorchCollection.Name)]
public sealed class CancerStemCellCmdletTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private readonly PowerShellSession _ps;
    private readonly TempFolder _folder = new();

    public CancerStemCellCmdletTests(PowerShellSessionFixture fixture) => _ps = fixture.Session;

    public void Dispose() => _folder.Dispose();

    private static string Well => Path.Combine(RepoPaths.SharedData ?? throw new DirectoryNotFoundException("No shared/data folder."), "isl-motor-neurons");

    [Fact]
    public void Get_CellModel_lists_both_built_in_models_with_the_study()
    {
        var result = _ps.Run("Get-CellModel CancerStemCell.*");
        result.AssertNoErrors();
        var models = result.Objects<ModelInfo>().ToList();
        Assert.Equal(new[] { "CancerStemCell.Pix2Pix", "CancerStemCell.UNetL1" }, models.Select(m => m.Name));
        Assert.All(models, m =>
        {
            Assert.Equal((PluginSource.Module, ModelTask.ImageTranslation), (m.Source, m.Task));
            Assert.NotEqual(PluginStatus.Failed, m.Status);
            Assert.Equal(new CellOps.Plugins.CancerStemCell.CancerStemCellPlugin().Study.Citation, m.Citation);
        });
    }

    [Fact]
    public void Pix2Pix_trains_on_a_z_stack_and_its_fluorescence_pair_and_translates_a_held_out_field()
    {
        // One 256-pixel field of the motor-neuron well trains (four tiles), another is translated.
        var result = _ps.Run(
            "$well = Import-Micrograph ($dir + '/phase_z*.png') -AsChannels -Role PhaseContrast -PairWith ($dir + '/dapi.png'), ($dir + '/map2.png')\n" +
            "$fields = $well | Split-Micrograph -Size 256\n" +
            "$train = $fields | Where-Object { $_.FieldRow -eq 1 -and $_.FieldColumn -eq 1 }\n" +
            "$test = $fields | Where-Object { $_.FieldRow -eq 2 -and $_.FieldColumn -eq 2 }\n" +
            "$model = $train | New-TileSet -Size 128 -Target Image | Start-CellTraining CancerStemCell.Pix2Pix -Epochs 1 -BatchSize 2 " +
            "-Seed 3 -Threads 1 -ValidationFraction 0 -HyperParameter @{ GeneratorWidth = 4; DiscriminatorWidth = 4 } -OutFile ($out + '/p.cellmodel')\n" +
            "$translated = $test | Invoke-CellModel $model -Threads 1\n" +
            "$translated\n" +
            "$translated | Export-VirtualStain -OutputDirectory ($out + '/stains') -PassThru",
            new Dictionary<string, object?> { ["dir"] = Well, ["out"] = _folder.Path });

        result.AssertNoErrors();
        var translation = Assert.Single(result.Objects<TranslationResult>());
        Assert.True(translation.Complete);
        Assert.Equal(new[] { "dapi", "map2" }, translation.Channels);
        var field = Assert.Single(translation.Micrographs);
        Assert.Equal((256, 256, 2), (field.Prediction.Width, field.Prediction.Height, field.Prediction.ChannelCount));
        Assert.True(File.Exists(Path.Combine(_folder.Path, "p.cellmodel")));

        // Scored against the field's own DAPI and MAP2, channel by channel, and pooled.
        Assert.Equal(2, field.Scores!.Count);
        Assert.All(field.Scores, score => Assert.Equal(256L * 256, score.Pixels));
        Assert.Equal(field.Scores[1].Pearson, translation.ScoresOf("map2")!.Pearson);

        // The stain: the prediction as float32 pages in the marker's units, its binarisation, an overlay.
        var stain = Assert.Single(result.Objects<TranslatedStain>());
        Assert.All(stain.Files.All, file => Assert.True(File.Exists(file), file));
        var written = CellOps.Imaging.Formats.MicrographLoader.Load(stain.Files.Prediction,
            new CellOps.Imaging.Formats.MicrographLoadOptions { Read = new CellOps.Imaging.Formats.ImageReadOptions { PagesAsChannels = true } });
        Assert.Equal((CellOps.Sdk.Imaging.PixelType.Float32, 2, 256, 256), (written.PixelType, written.ChannelCount, written.Width, written.Height));
        using var fromFile = written.OpenPixels();
        using var fromSpool = field.OpenPixels();
        var expected = new float[2 * 256 * 256];
        var actual = new float[2 * 256 * 256];
        var all = new CellOps.Sdk.Imaging.PixelRect(0, 0, 256, 256);
        CellOps.Sdk.Imaging.PixelSourceExtensions.ReadRegion(fromSpool, 0, all, expected.AsSpan());
        CellOps.Sdk.Imaging.PixelSourceExtensions.ReadRegion(fromFile, 0, all, actual.AsSpan());
        Assert.Equal(expected, actual);
        Assert.InRange(stain.PositiveArea[0], 0.0, 1.0);
    }

    [Fact]
    public void A_micrograph_that_does_not_fit_the_model_fails_alone_and_tile_sets_are_refused_with_a_reason()
    {
        var result = _ps.Run(
            "$well = Import-Micrograph ($dir + '/phase_z*.png') -AsChannels -Role PhaseContrast -PairWith ($dir + '/dapi.png'), ($dir + '/map2.png')\n" +
            "$fields = @($well | Split-Micrograph -Size 256)\n" +
            "$model = $fields[5] | New-TileSet -Size 128 -Target Image | Start-CellTraining CancerStemCell.UNetL1 -Epochs 1 -BatchSize 4 " +
            "-Seed 3 -Threads 1 -ValidationFraction 0 -HyperParameter @{ GeneratorWidth = 4 } -OutFile ($out + '/u.cellmodel')\n" +
            "$single = Import-Micrograph ($dir + '/phase_z06.png') | Split-Micrograph -Size 256 | Where-Object { $_.FieldRow -eq 0 -and $_.FieldColumn -eq 0 }\n" +
            "$fields[0], $single, $fields[15] | Invoke-CellModel $model -Threads 1\n" +
            "$fields[0] | New-TileSet -Size 128 | Invoke-CellModel $model -Threads 1",
            new Dictionary<string, object?> { ["dir"] = Well, ["out"] = _folder.Path });

        var translation = Assert.Single(result.Objects<TranslationResult>());
        Assert.Equal(new[] { "phase_z00-12 r0c0", "phase_z00-12 r3c3" }, translation.Micrographs.Select(m => m.Source.Name));
        Assert.True(translation.Complete);
        Assert.Equal(2, result.Errors.Count);
        var incompatible = result.Errors.Single(e => e.FullyQualifiedErrorId.StartsWith("MicrographIncompatible", StringComparison.Ordinal));
        Assert.Contains("13", incompatible.Exception.Message);
        Assert.Equal("phase_z06 r0c0", ((CellOps.Sdk.Imaging.Micrograph)incompatible.TargetObject).Name);
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("TranslationNeedsMicrographs", StringComparison.Ordinal));
    }
}
