using System.Runtime.InteropServices;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Sdk.Torch;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime.Torch;

public class NetworkCheckTests
{
    [Fact]
    public void A_properly_initialised_network_passes_and_every_built_in_network_does()
    {
        var network = NetworkCheck.Create("Tiny", new OneLayerModel(() => nn.Sequential(nn.Conv2d(1, 4, 3), Layers.GroupNorm(2, 4))), Values());
        network.Dispose();
        foreach (var plugin in new ICellPlugin[]
                 {
                     new CellOps.Plugins.Cardiomyocyte.CardiomyocytePlugin(), new CellOps.Plugins.Leukocyte.LeukocytePlugin(),
                     new CellOps.Plugins.IpsColony.IpsColonyPlugin(), new CellOps.Plugins.CancerStemCell.CancerStemCellPlugin(),
                     new CellOps.Plugins.NeuralFate.NeuralFatePlugin(),
                 })
        {
            foreach (var model in plugin.Models)
            {
                var warnings = new List<string>();
                using var built = NetworkCheck.Create(plugin.Id, model, HyperParameterValues.Resolve(model.HyperParameters, new Dictionary<string, double>()), warnings.Add);
                Assert.Empty(warnings);
            }
        }
    }

    [Theory]
    [InlineData(float.NaN, "non-finite")]
    [InlineData(836.5e3f, "up to 8.365E+05")]
    [InlineData(4.6e-41f, "subnormal")]
    public void A_parameter_left_as_memory_was_is_refused_naming_it_and_its_layer(float planted, string expected)
    {
        var model = new OneLayerModel(() =>
        {
            var network = nn.Sequential(("conv", nn.Conv2d(1, 4, 3)), ("norm", Layers.GroupNorm(2, 4)));
            using (torch.no_grad())
            {
                using var value = planted.ToScalar();
                ((CellOps.Sdk.Torch.GroupNorm)network[1]).Weight!.narrow(0, 2, 1).fill_(value);
            }
            return network;
        });
        var error = Assert.Throws<InvalidNetworkException>(() => NetworkCheck.Create("Tiny", model, Values()));
        Assert.Contains("'norm.weight' (GroupNorm 'norm')", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.Contains("Tiny.One", error.Message);
    }

    [Fact]
    public void CellOps_GroupNorm_starts_at_ones_and_zeros_and_normalises_like_the_functional_form()
    {
        using var scope = torch.NewDisposeScope();
        var norm = Layers.GroupNorm(8, 32);
        Assert.True(norm.Weight!.eq(Scalars.Of(1.0)).all().item<bool>());
        Assert.True(norm.Bias!.eq(Scalars.Of(0.0)).all().item<bool>());
        torch.manual_seed(3);
        var input = torch.randn(4, 32, 16, 16);
        var output = norm.call(input);
        var reference = nn.functional.group_norm(input, 8, null, null, 1e-5);
        Assert.True(output.allclose(reference, rtol: 1e-5, atol: 1e-6));
        Assert.InRange(output.mean().item<float>(), -1e-3f, 1e-3f);
        Assert.InRange(output.std().item<float>(), 0.99f, 1.01f);
    }

    [Fact]
    public void A_GroupNorm_built_inside_a_dispose_scope_keeps_its_parameters_after_the_scope()
    {
        CellOps.Sdk.Torch.GroupNorm norm;
        using (torch.NewDisposeScope()) norm = Layers.GroupNorm(2, 4);
        using (norm)
        {
            Assert.False(norm.Weight!.IsInvalid);
            Assert.Equal(4.0, norm.Weight!.sum().item<float>());
        }
    }

    [Fact]
    public void A_TorchSharp_layer_that_frees_Scalars_under_libtorch_is_reported_as_a_warning()
    {
        var warnings = new List<string>();
        using var network = NetworkCheck.Create("Tiny", new OneLayerModel(() => nn.Sequential(("conv", nn.Conv2d(1, 4, 3)), ("act", nn.LeakyReLU(0.2)))), Values(), warnings.Add);
        var warning = Assert.Single(warnings);
        Assert.Contains("layer act (TorchSharp.Modules.LeakyReLU)", warning);
        Assert.Contains("CellOps.Sdk.Torch.Layers.LeakyReLU", warning);
    }

    [Fact]
    public void A_libtorch_error_is_told_in_one_line_without_its_CPlusPlus_frames()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.ThrowsAny<ExternalException>(() => torch.zeros(6).view(4));
        Assert.Contains("frame #", error.Message);
        var wrapped = LibTorchException.From(error, "testing");
        Assert.StartsWith("libtorch failed while testing: ", wrapped.Message);
        Assert.Contains("is invalid for input of size 6", wrapped.Message);
        Assert.DoesNotContain("frame #", wrapped.Message);
        Assert.DoesNotContain("\n", wrapped.Message);
        Assert.Same(error, wrapped.InnerException);
    }

    private static HyperParameterValues Values() => HyperParameterValues.Resolve(Array.Empty<HyperParameter>(), new Dictionary<string, double>());

    private sealed class OneLayerModel(Func<nn.Module<Tensor, Tensor>> create) : ICellModel
    {
        public string Name => "One";
        public string Description => "A network made by the test.";
        public ModelTask Task => ModelTask.TileClassification;
        public InputSpec Input { get; } = new(16, 1, Normalization.PerTileStandardize);
        public TileTarget Target => TileTarget.Label;
        public IReadOnlyList<string> ClassNames { get; } = new[] { "a", "b" };
        public IReadOnlyList<HyperParameter> HyperParameters { get; } = Array.Empty<HyperParameter>();
        public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters) => create();
    }
}
