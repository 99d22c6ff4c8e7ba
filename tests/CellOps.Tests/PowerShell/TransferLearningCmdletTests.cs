using CellOps.Runtime.Packaging;
using CellOps.Runtime.Training;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using Xunit;

namespace CellOps.Tests.PowerShell;

[Collection(TorchCollection.Name)]
public sealed class TransferLearningCmdletTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private const string Tiny = "-HyperParameter @{ Depth = 2; BaseWidth = 8; HiddenUnits = 16 } -Threads 1 -Epochs 1 -ValidationFraction 0";
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();

    public TransferLearningCmdletTests(PowerShellSessionFixture fixture)
    {
        _ps = fixture.Session;
        // Crops in one folder per class: two kinds of cell for the parent, three white-cell types for the child.
        var colours = new (string Folder, (byte, byte, byte) Colour)[]
        {
            ("kinds/Round", (200, 60, 60)), ("kinds/Flat", (60, 60, 200)),
            ("types/Eosinophil", (220, 90, 40)), ("types/Lymphocyte", (40, 40, 200)), ("types/Neutrophil", (150, 60, 170)),
        };
        foreach (var (folder, colour) in colours)
        {
            for (int i = 0; i < 3; i++) WholeImageTileSetTests.WriteCrop(_data.File(folder), $"c{i}.png", 40 + 4 * i, colour);
        }
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Start_CellTraining_From_a_package_with_FreezeBackbone_records_the_parents_hash()
    {
        var result = _ps.Run(
            "$kinds = Import-Micrograph \"$data/kinds/*/*.png\" | New-TileSet -Size 64 -WholeImage -ClassFrom Folder\n" +
            "$types = Import-Micrograph \"$data/types/*/*.png\" | New-TileSet -Size 64 -WholeImage -ClassFrom Folder\n" +
            $"$parent = $kinds | Start-CellTraining Leukocyte.WNet {Tiny} -OutFile \"$data/parent.cellmodel\"\n" +
            $"$types | Start-CellTraining Leukocyte.WNet -From $parent -FreezeBackbone -Sampling Balanced {Tiny} -OutFile \"$data/child.cellmodel\"",
            new Dictionary<string, object?> { ["data"] = _data.Path });
        result.AssertNoErrors();

        Assert.Equal("Leukocyte.WNet", Assert.Single(result.Objects<TrainedModel>()).Model);
        using var parent = ModelPackage.Open(_data.File("parent.cellmodel"), CellOps.Sdk.SdkVersion.Current);
        using var child = ModelPackage.Open(_data.File("child.cellmodel"), CellOps.Sdk.SdkVersion.Current);
        Assert.Equal(new[] { "Flat", "Round" }, parent.Manifest.ClassNames);
        // Three of the five types the model knows: the package predicts all five, the tiles relabelled to match.
        Assert.Equal(new[] { "Basophil", "Eosinophil", "Lymphocyte", "Monocyte", "Neutrophil" }, child.Manifest.ClassNames);
        Assert.Null(parent.Manifest.Parent);
        var recorded = child.Manifest.Parent!;
        using var sha = System.Security.Cryptography.SHA256.Create();
        Assert.Equal(Convert.ToHexString(sha.ComputeHash(File.ReadAllBytes(_data.File("parent.cellmodel")))).ToLowerInvariant(), recorded.Sha256);
        Assert.True(recorded.BackboneFrozen);
        Assert.Equal("parent.cellmodel", recorded.FileName);
    }

    [Fact]
    public void A_model_trained_on_whole_crops_predicts_micrographs_whole()
    {
        var result = _ps.Run(
            "$types = Import-Micrograph \"$data/types/*/*.png\" | New-TileSet -Size 64 -WholeImage -ClassFrom Folder\n" +
            $"$model = $types | Start-CellTraining Leukocyte.WNet {Tiny} -OutFile \"$data/whole.cellmodel\"\n" +
            "Import-Micrograph \"$data/types/*/*.png\" | Invoke-CellModel $model -Threads 1",
            new Dictionary<string, object?> { ["data"] = _data.Path });
        result.AssertNoErrors();
        var prediction = Assert.Single(result.Objects<CellOps.Runtime.Inference.PredictionResult>());
        // Nine crops of 40 to 48 pixels: one prediction each, though none holds a whole 64×64 grid tile.
        Assert.Equal(9, prediction.Count);
        Assert.All(prediction.Tiles, t => Assert.Equal(5, t.Probabilities.Count));
    }

    [Fact]
    public void FreezeBackbone_without_From_is_refused_before_training()
    {
        var result = _ps.Run(
            "Import-Micrograph \"$data/types/*/*.png\" | New-TileSet -Size 64 -WholeImage -ClassFrom Folder | " +
            $"Start-CellTraining Leukocyte.WNet -FreezeBackbone {Tiny}",
            new Dictionary<string, object?> { ["data"] = _data.Path });
        Assert.Empty(result.Objects<TrainedModel>());
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FreezeWithoutFrom,", error.FullyQualifiedErrorId);
        Assert.Contains("-From", error.Exception.Message);
    }
}
