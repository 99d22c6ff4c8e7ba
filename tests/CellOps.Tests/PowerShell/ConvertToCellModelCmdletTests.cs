using System.Management.Automation;
using System.Security.Cryptography;
using CellOps.Runtime.Importing;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Tests.Runtime;
using CellOps.Tests.Runtime.Weights;
using CellOps.Tests.TestSupport;
using OpenCvSharp;
using Xunit;

namespace CellOps.Tests.PowerShell;

/// <summary>
/// ConvertTo-CellModel as users meet it: a ResNet-18 state dict saved by PyTorch becomes a package that predicts and
/// that fine-tuning starts from, traced by the file's SHA-256; hostile, mismatched and mistaken inputs fail alone.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ConvertToCellModelCmdletTests : IClassFixture<PowerShellSessionFixture>, IDisposable
{
    private static readonly string ResNetFile = Path.Combine(WeightFixtures.ResNetFolder, "resnet18-fp16.pth");
    private readonly PowerShellSession _ps;
    private readonly TempFolder _data = new();

    public ConvertToCellModelCmdletTests(PowerShellSessionFixture fixture) => _ps = fixture.Session;

    public void Dispose() => _data.Dispose();

    [Fact]
    public void A_PyTorch_ResNet18_becomes_a_package_that_predicts_and_that_fine_tuning_traces_back_to()
    {
        for (int i = 0; i < 3; i++)
        {
            WriteCell("Glia", $"g{i}.png", round: true);
            WriteCell("Neuron", $"n{i}.png", round: false);
        }
        var result = _ps.Run(
            "$imported = ConvertTo-CellModel -LiteralPath $weights NeuralFate.ResNet18 -OutFile \"$data/r18.cellmodel\" -TileSize 32 -WholeImage -Threads 2\n" +
            "$imported\n" +
            "$tiles = Import-Micrograph \"$data/*/*.png\" | New-TileSet -Size 32 -WholeImage -ClassFrom Folder\n" +
            "Import-Micrograph \"$data/Glia/g0.png\" | Invoke-CellModel $imported -Threads 2\n" +
            "$null = $tiles | Start-CellTraining NeuralFate.ResNet18 -From $imported -Epochs 1 -BatchSize 6 -Threads 2 -ValidationFraction 0 -OutFile \"$data/child.cellmodel\"",
            new Dictionary<string, object?> { ["data"] = _data.Path, ["weights"] = ResNetFile });
        result.AssertNoErrors();

        string sha = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(ResNetFile))).ToLowerInvariant();
        var imported = Assert.Single(result.Objects<ImportedModel>());
        Assert.Equal(("NeuralFate.ResNet18", 1000, 32, "resnet18-fp16.pth", sha), (imported.Model, imported.ClassNames.Count, imported.TileSize, imported.Source, imported.Sha256));
        Assert.Equal(("class000", "class999"), (imported.ClassNames[0], imported.ClassNames[^1]));

        using (var package = ModelPackage.Open(_data.File("r18.cellmodel"), CellOps.Sdk.SdkVersion.Current))
        {
            var origin = package.Manifest.ImportedFrom!;
            Assert.Equal(("resnet18-fp16.pth", sha, "PyTorchZip", "torchvision.models.resnet18", 122), (origin.FileName, origin.Sha256, origin.Format, origin.Architecture, origin.Tensors));
            Assert.True(package.Manifest.WholeImages);
        }
        var prediction = Assert.Single(result.Objects<PredictionResult>());
        Assert.Equal(1000, Assert.Single(prediction.Tiles).Probabilities.Count);

        // The child's head was replaced for the tiles' two fates; its manifest names the PyTorch file through its parent.
        using var child = ModelPackage.Open(_data.File("child.cellmodel"), CellOps.Sdk.SdkVersion.Current);
        Assert.Equal(["Glia", "Neuron"], child.Manifest.ClassNames);
        Assert.Equal(("r18.cellmodel", sha), (child.Manifest.Parent!.FileName, child.Manifest.Parent.ImportedFrom!.Sha256));
        Assert.Null(child.Manifest.ImportedFrom);
    }

    [Fact]
    public void Hostile_mismatched_and_mistaken_files_each_fail_alone_and_write_nothing()
    {
        string tiny = WeightFixtures.File("tiny.pth");
        string hostile = WeightFixtures.File("hostile-os-system.pth");
        var result = _ps.Run(
            "ConvertTo-CellModel -LiteralPath $hostile, $tiny, $weights NeuralFate.ResNet18 -OutFile \"$data/one.cellmodel\" -ErrorAction SilentlyContinue -ErrorVariable failed -Threads 2\n" +
            "ConvertTo-CellModel -LiteralPath $weights NeuralFate.ResNet18 -ClassName A, B -OutFile \"$data/two.cellmodel\" -ErrorAction SilentlyContinue -ErrorVariable +failed -Threads 2\n" +
            "ConvertTo-CellModel -LiteralPath $weights NeuralFate.ResNet18 -OutFile \"$data/one.cellmodel\" -ErrorAction SilentlyContinue -ErrorVariable +failed -Threads 2\n" +
            "ConvertTo-CellModel -LiteralPath $weights NeuralFate.ResNet18 -OutFile \"$data/whatif.cellmodel\" -WhatIf\n" +
            "ConvertTo-CellModel \"$data/none*.pth\" NeuralFate.ResNet18 -ErrorAction SilentlyContinue -ErrorVariable +failed\n" +
            "$failed",
            new Dictionary<string, object?> { ["data"] = _data.Path, ["weights"] = ResNetFile, ["hostile"] = hostile, ["tiny"] = tiny });
        Assert.Null(result.Terminating);

        var errors = result.Objects<ErrorRecord>();
        Assert.Equal(["UnsafeWeightFile", "WeightMismatch", "WeightImportInvalid", "OutputExists", "WeightFileNotFound"],
            errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal((ErrorCategory.SecurityError, hostile), (errors[0].CategoryInfo.Category, errors[0].TargetObject));
        Assert.Contains("os.system", errors[0].Exception.Message);
        Assert.Contains("missing from the file", errors[1].Exception.Message);
        Assert.Contains("unexpected", errors[1].Exception.Message);
        Assert.Contains("1000 classes; 2 class names were given", errors[2].Exception.Message);

        // The good file among the bad ones was converted; -WhatIf and the failures wrote nothing.
        Assert.Single(result.Objects<ImportedModel>());
        Assert.Equal(["one.cellmodel"], Directory.GetFiles(_data.Path, "*.cellmodel").Select(Path.GetFileName));
    }

    [Fact]
    public void A_safetensors_file_of_the_same_tensors_gives_the_same_package_weights()
    {
        string safetensors = _data.File("resnet18.safetensors");
        WriteSafetensors(ResNetFile, safetensors);
        var result = _ps.Run(
            "ConvertTo-CellModel -LiteralPath $weights NeuralFate.ResNet18 -OutFile \"$data/from-pth.cellmodel\" -Threads 2\n" +
            "ConvertTo-CellModel -LiteralPath $safetensors NeuralFate.ResNet18 -OutFile \"$data/from-safetensors.cellmodel\" -Threads 2",
            new Dictionary<string, object?> { ["data"] = _data.Path, ["weights"] = ResNetFile, ["safetensors"] = safetensors });
        result.AssertNoErrors();
        using var fromPth = ModelPackage.Open(_data.File("from-pth.cellmodel"), CellOps.Sdk.SdkVersion.Current);
        using var fromSafetensors = ModelPackage.Open(_data.File("from-safetensors.cellmodel"), CellOps.Sdk.SdkVersion.Current);
        Assert.Equal("Safetensors", fromSafetensors.Manifest.ImportedFrom!.Format);
        Assert.Equal(fromPth.Manifest.Entries["weights/network.bin"], fromSafetensors.Manifest.Entries["weights/network.bin"]);
    }

    // The file's tensors (float16 read as float32, the batch counters as int64) in the safetensors layout:
    // an 8-byte header length, a JSON header of dtypes, shapes and offsets, then the raw bytes.
    private static void WriteSafetensors(string pth, string path)
    {
        using var weights = CellOps.Runtime.Weights.WeightFile.Read(pth);
        var header = new Dictionary<string, object>();
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var t in weights.Tensors)
        {
            bool integer = t.Tensor.dtype == TorchSharp.torch.ScalarType.Int64;
            byte[] bytes = integer
                ? t.Tensor.data<long>().ToArray().SelectMany(BitConverter.GetBytes).ToArray()
                : t.Tensor.contiguous().data<float>().ToArray().SelectMany(BitConverter.GetBytes).ToArray();
            header[t.Name] = new { dtype = integer ? "I64" : "F32", shape = t.Shape, data_offsets = new[] { offset, offset + bytes.Length } };
            blobs.Add(bytes);
            offset += bytes.Length;
        }
        byte[] json = System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(header));
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((ulong)json.Length));
        file.Write(json);
        foreach (var blob in blobs) file.Write(blob);
    }

    private void WriteCell(string fate, string name, bool round)
    {
        string folder = _data.File(fate);
        Directory.CreateDirectory(folder);
        using var mat = new Mat(40, 40, MatType.CV_8UC1, new Scalar(120));
        Cv2.Circle(mat, new Point(20, 20), round ? 10 : 4, new Scalar(220), -1);
        if (!round) Cv2.Line(mat, new Point(20, 20), new Point(38, 12), new Scalar(30), 1);
        Cv2.ImWrite(Path.Combine(folder, name), mat);
    }
}
