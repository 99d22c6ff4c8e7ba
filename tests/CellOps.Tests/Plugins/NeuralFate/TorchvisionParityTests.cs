using CellOps.Plugins.NeuralFate;
using CellOps.Tests.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Plugins.NeuralFate;

/// <summary>
/// The plugin's ResNets are torchvision's: the same tensors under the same names (behind the
/// <c>backbone.</c>/<c>head.</c> prefixes), the same parameter counts, and with the same weights the
/// same outputs. The reference networks come from the TorchVision package and only ever run
/// forward in evaluation mode (their batch norm is TorchSharp's, which frees Scalars in training).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TorchvisionParityTests
{
    public static TheoryData<string, long> Architectures => new()
    {
        { "ResNet18", 11_689_512 },
        { "ResNet50", 25_557_032 },
    };

    private static ResNetArchitecture Architecture(string name) => name == "ResNet18" ? ResNetArchitecture.ResNet18 : ResNetArchitecture.ResNet50;

    private static nn.Module<Tensor, Tensor> Reference(string name) =>
        name == "ResNet18" ? torchvision.models.resnet18(num_classes: 1000) : torchvision.models.resnet50(num_classes: 1000);

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Every_torchvision_tensor_maps_by_the_prefix_to_one_of_ours_of_the_same_shape_and_the_parameter_counts_are_torchvisions(string name, long parameters)
    {
        using var ours = new ResNetNetwork(Architecture(name), classes: 1000);
        using var reference = Reference(name);
        var ourState = ours.state_dict();
        var theirState = reference.state_dict();

        var mapped = theirState.Keys.Select(k => ours.MapImportedKey(k)).ToArray();
        Assert.All(mapped, Assert.NotNull);
        Assert.Equal(ourState.Keys.OrderBy(k => k, StringComparer.Ordinal), mapped.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (key, tensor) in theirState)
        {
            Assert.True(tensor.shape.SequenceEqual(ourState[ours.MapImportedKey(key)!].shape), $"{key}: [{string.Join(",", tensor.shape)}]");
        }
        Assert.StartsWith("backbone.layer1.0.conv1.", ours.MapImportedKey("layer1.0.conv1.weight"));
        Assert.Equal("head.fc.bias", ours.MapImportedKey("fc.bias"));

        Assert.Equal(parameters, ours.parameters().Sum(p => p.numel()));
        Assert.Equal(parameters, reference.parameters().Sum(p => p.numel()));
        Assert.Equal($"torchvision.models.{name.ToLowerInvariant()}", ours.ImportedArchitecture);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void With_torchvisions_weights_our_network_gives_torchvisions_outputs(string name, long parameters)
    {
        _ = parameters;
        torch.manual_seed(17);
        using var ours = new ResNetNetwork(Architecture(name), classes: 1000);
        using var reference = Reference(name);
        var ourState = ours.state_dict();
        using (torch.no_grad())
        {
            foreach (var (key, tensor) in reference.state_dict())
            {
                // Running statistics away from 0 and 1, so the comparison sees them used.
                if (key.EndsWith("running_mean", StringComparison.Ordinal)) tensor.uniform_(-0.1, 0.1);
                if (key.EndsWith("running_var", StringComparison.Ordinal)) tensor.uniform_(0.5, 1.5);
                ourState[ours.MapImportedKey(key)!].copy_(tensor);
            }
        }
        ours.eval();
        reference.eval();

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.randn(new long[] { name == "ResNet18" ? 2 : 1, 3, 64, 64 });
        var expected = reference.call(input);
        var actual = ours.call(input);
        Assert.Equal(expected.shape, actual.shape);
        double largest = expected.abs().max().item<float>();
        Assert.True(largest > 0);
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-5),
            $"largest difference {actual.add(expected, CellOps.Sdk.Torch.Scalars.Of(-1.0)).abs().max().item<float>()} on outputs up to {largest}");
    }
}
