using CellOps.PluginHost;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Training;
using CellOps.Sdk.Models;
using CellOps.Tests.PowerShell;
using CellOps.Tests.Runtime;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.Plugins.NeuralFate;

/// <summary>The plugin as users meet it: listed by Get-CellModel, trained by Start-CellTraining, run by Invoke-CellModel.</summary>
[Collection(TorchCollection.Name)]
public sealed class NeuralFateCmdletTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();

    public NeuralFateCmdletTests(PowerShellSessionFixture fixture) => _ps = fixture.Session;

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Get_CellModel_lists_ResNet18_and_ResNet50_with_the_study()
    {
        var result = _ps.Run("Get-CellModel NeuralFate.*");
        result.AssertNoErrors();
        var models = result.Objects<ModelInfo>().ToList();
        Assert.Equal(new[] { "NeuralFate.ResNet18", "NeuralFate.ResNet50" }, models.Select(m => m.Name));
        Assert.All(models, m =>
        {
            Assert.Equal((PluginSource.Module, ModelTask.TileClassification), (m.Source, m.Task));
            Assert.NotEqual(PluginStatus.Failed, m.Status);
            Assert.Equal(new CellOps.Plugins.NeuralFate.NeuralFatePlugin().Study.Citation, m.Citation);
            Assert.True(m.Input!.AnyTileSize);
        });
    }

    [Fact]
    public void A_ResNet18_trained_on_24_pixel_grayscale_crops_predicts_them_at_that_size()
    {
        // Grayscale crops in one folder per fate: a bright round body, or a small one with a dark process.
        for (int i = 0; i < 3; i++)
        {
            WriteCell(_data.File("Glia"), $"g{i}.png", 30 + 2 * i, process: false);
            WriteCell(_data.File("Neuron"), $"n{i}.png", 30 + 2 * i, process: true);
        }
        var result = _ps.Run(
            "$tiles = Import-Micrograph \"$data/*/*.png\" | New-TileSet -Size 24 -WholeImage -ClassFrom Folder\n" +
            "$model = $tiles | Start-CellTraining NeuralFate.ResNet18 -Epochs 1 -BatchSize 6 -Threads 2 -ValidationFraction 0 -OutFile \"$data/fate.cellmodel\"\n" +
            "Import-Micrograph \"$data/*/*.png\" | Invoke-CellModel $model -Threads 2",
            new Dictionary<string, object?> { ["data"] = _data.Path });
        result.AssertNoErrors();

        using var package = ModelPackage.Open(_data.File("fate.cellmodel"), CellOps.Sdk.SdkVersion.Current);
        Assert.Equal((24, 3), (package.Manifest.TileSize, package.Manifest.Channels));
        Assert.Equal(new[] { "Glia", "Neuron" }, package.Manifest.ClassNames);
        var prediction = Assert.Single(result.Objects<PredictionResult>());
        Assert.Equal(6, prediction.Count);
        Assert.All(prediction.Tiles, t => Assert.Equal(2, t.Probabilities.Count));
    }

    private static void WriteCell(string folder, string name, int size, bool process)
    {
        Directory.CreateDirectory(folder);
        using var mat = new Mat(size, size, MatType.CV_8UC1, new Scalar(120));
        Cv2.Circle(mat, new Point(size / 2, size / 2), process ? size / 10 : size / 4, new Scalar(220), -1);
        if (process) Cv2.Line(mat, new Point(size / 2, size / 2), new Point(size - 2, size / 3), new Scalar(30), 1);
        Cv2.ImWrite(Path.Combine(folder, name), mat);
    }
}
