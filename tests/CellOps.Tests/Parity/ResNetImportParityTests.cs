using CellOps.Plugins.NeuralFate;
using CellOps.Runtime.Weights;
using CellOps.Tests.Runtime.Weights;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace CellOps.Tests.Parity;

/// <summary>
/// A ResNet-18 saved by PyTorch (torchvision 0.14, random weights pruned and stored as float16 by
/// tests/parity/generate_weight_fixtures.py) imported into NeuralFate's network through the weight reader
/// and the network's key map, and run on the inputs PyTorch ran: the logits must agree. This is the import
/// path users take with their own state dicts, checked end to end without PyTorch.
/// </summary>
public sealed class ResNetImportParityTests
{
    // Float32 through 18 layers of convolutions and batch norm: the same allclose rule as the layer parity
    // tests, on logits of magnitude about 0.3.
    private const double Absolute = 1e-5, Relative = 1e-4;

    private readonly ITestOutputHelper _output;

    public ResNetImportParityTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("input0.bin", new long[] { 2, 3, 64, 64 }, "output0.bin")]
    [InlineData("input1.bin", new long[] { 1, 3, 97, 113 }, "output1.bin")]
    public void Imported_ResNet18_reproduces_PyTorch_logits(string input, long[] shape, string expectedFile)
    {
        using var scope = torch.NewDisposeScope();
        using var network = new ResNetNetwork(ResNetArchitecture.ResNet18, classes: 1000);
        using var weights = WeightFile.Read(Path.Combine(WeightFixtures.ResNetFolder, "resnet18-fp16.pth"));
        var comparison = WeightMatch.Load(network, weights, network.MapImportedKey);
        Assert.Equal(122, comparison.MatchedCount);
        network.eval();

        var x = torch.tensor(ReadFloats(input), shape);
        var expected = ReadFloats(expectedFile);
        float[] got;
        using (torch.no_grad()) got = network.call(x).data<float>().ToArray();

        Assert.Equal(expected.Length, got.Length);
        double worst = 0;
        for (int i = 0; i < got.Length; i++)
        {
            double diff = Math.Abs(got[i] - expected[i]);
            worst = Math.Max(worst, diff);
            Assert.True(diff <= Absolute + Relative * Math.Abs(expected[i]),
                $"logit {i}: CellOps {got[i]}, PyTorch {expected[i]} (difference {diff:g3})");
        }
        _output.WriteLine($"PARITY resnet18 import {input}: largest difference {worst:g3}");
        // The logits are not all alike: a network that ignored its weights could not pass.
        Assert.True(expected.Max() - expected.Min() > 0.1);
    }

    [Fact]
    public void A_head_for_other_classes_is_named_in_one_error_and_nothing_is_loaded()
    {
        using var network = new ResNetNetwork(ResNetArchitecture.ResNet18, classes: 2);
        using var weights = WeightFile.Read(Path.Combine(WeightFixtures.ResNetFolder, "resnet18-fp16.pth"));
        float before = network.state_dict()["backbone.conv1.weight"].data<float>()[0];
        var error = Assert.Throws<WeightMismatchException>(() => WeightMatch.Load(network, weights, network.MapImportedKey));
        Assert.Contains("fc.weight → head.fc.weight (file [1000, 512], network [2, 512])", error.Message);
        Assert.Contains("fc.bias → head.fc.bias (file [1000], network [2])", error.Message);
        Assert.Equal(before, network.state_dict()["backbone.conv1.weight"].data<float>()[0]);
    }

    private static float[] ReadFloats(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(WeightFixtures.ResNetFolder, name));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
