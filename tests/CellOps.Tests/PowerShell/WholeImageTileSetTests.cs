using CellOps.Runtime.Data;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using TorchSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

public sealed class WholeImageTileSetTests : IClassFixture<PowerShellSessionFixture>
{
    private readonly PowerShellSession _ps;

    public WholeImageTileSetTests(PowerShellSessionFixture fixture) => _ps = fixture.Session;

    /// <summary>Writes a flat colour crop (RGB) into folder/name.</summary>
    internal static string WriteCrop(string folder, string name, int size, (byte R, byte G, byte B) colour)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        using var mat = new Mat(size, size, MatType.CV_8UC3, new OpenCvSharp.Scalar(colour.B, colour.G, colour.R));
        Cv2.ImWrite(path, mat);
        return path;
    }

    [Fact]
    public void New_TileSet_WholeImage_ClassFrom_Folder_gives_one_colour_tile_per_crop_labelled_by_its_folder()
    {
        using var temp = new TempFolder();
        WriteCrop(temp.File("Red"), "r1.png", 40, (200, 10, 10));
        WriteCrop(temp.File("Red"), "r2.png", 30, (190, 20, 20));
        WriteCrop(temp.File("Blue"), "b1.png", 50, (10, 10, 220));

        var result = _ps.Run("Import-Micrograph ($dir + '/*/*.png') | New-TileSet -Size 16 -WholeImage -ClassFrom Folder",
            new Dictionary<string, object?> { ["dir"] = temp.Path });
        result.AssertNoErrors();
        var set = Assert.Single(result.Objects<TileSet>());

        Assert.Equal((TileTarget.ImageClass, true, 16), (set.Target, set.WholeImages, set.TileSize));
        Assert.Equal(new[] { "Blue", "Red" }, set.ClassNames);
        Assert.Equal(new[] { 1, 2 }, set.ClassCounts);
        var labels = set.Tiles.ToDictionary(t => t.Source.Name, t => t.Label);
        Assert.Equal(new Dictionary<string, int> { ["b1.png"] = 0, ["r1.png"] = 1, ["r2.png"] = 1 }, labels);
        Assert.All(set.Tiles, t => Assert.Equal((16, 16, 3), (t.Source.Width, t.Source.Height, t.Source.ChannelCount)));

        // The colour reaches the network's input: three planes, red first.
        TorchBackend.EnsureLoaded();
        using var tensorizer = new TileTensorizer(new InputSpec(16, 3, Normalization.UnitRange), set.EdgePolicy);
        var blue = set.Tiles.Single(t => t.Source.Name == "b1.png");
        using var batch = tensorizer.Inputs(new[] { blue }, torch.CPU);
        Assert.Equal(new long[] { 1, 3, 16, 16 }, batch.shape);
        using var means = batch.mean(new long[] { 2, 3 });
        var rgb = means.data<float>().ToArray();
        Assert.Equal(10 / 255f, rgb[0], 2);
        Assert.Equal(220 / 255f, rgb[2], 2);
    }

    [Fact]
    public void ClassFrom_a_table_or_a_script_block_with_ClassName_fixing_the_order()
    {
        using var temp = new TempFolder();
        WriteCrop(temp.Path, "cell_1.png", 20, (10, 200, 10));
        WriteCrop(temp.Path, "cell_2.png", 20, (10, 10, 200));

        var byTable = _ps.Run(
            "Import-Micrograph ($dir + '/*.png') | New-TileSet -Size 8 -WholeImage -ClassFrom @{ 'cell_1' = 'Monocyte'; 'cell_2.png' = 'Basophil' } -ClassName Monocyte, Basophil",
            new Dictionary<string, object?> { ["dir"] = temp.Path });
        byTable.AssertNoErrors();
        var set = Assert.Single(byTable.Objects<TileSet>());
        Assert.Equal(new[] { "Monocyte", "Basophil" }, set.ClassNames);
        Assert.Equal(new[] { 0, 1 }, set.Tiles.OrderBy(t => t.Source.Name).Select(t => t.Label));

        var byScript = _ps.Run(
            "Import-Micrograph ($dir + '/*.png') | New-TileSet -Size 8 -WholeImage -ClassFrom { if ($_.Name -like '*1*') { 'one' } else { 'two' } }",
            new Dictionary<string, object?> { ["dir"] = temp.Path });
        byScript.AssertNoErrors();
        Assert.Equal(new[] { "one", "two" }, Assert.Single(byScript.Objects<TileSet>()).ClassNames);
    }

    [Fact]
    public void A_crop_without_a_class_is_an_error_and_the_others_are_kept()
    {
        using var temp = new TempFolder();
        WriteCrop(temp.Path, "known.png", 20, (10, 200, 10));
        WriteCrop(temp.Path, "stray.png", 20, (10, 10, 200));
        WriteCrop(temp.Path, "other.png", 20, (10, 10, 200));

        var result = _ps.Run(
            "Import-Micrograph ($dir + '/*.png') | New-TileSet -Size 8 -WholeImage -ClassFrom @{ 'known.png' = 'A'; 'other.png' = 'B' }",
            new Dictionary<string, object?> { ["dir"] = temp.Path });
        var set = Assert.Single(result.Objects<TileSet>());
        Assert.Equal(2, set.Count);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ImageClassMissing,CellOps.PowerShell.Commands.NewTileSetCommand", error.FullyQualifiedErrorId);
        Assert.Contains("stray.png", error.Exception.Message);
    }
}
