using CellOps.Sdk.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.Cardiomyocyte;

/// <summary>
/// Logistic regression on three numbers per tile: its mean intensity, the log of its standard deviation
/// and the log of its mean absolute gradient (texture). What a tile's plain brightness and roughness say
/// about its label, and nothing more: the baseline a CNN must beat.
/// </summary>
public sealed class TextureBaselineNetwork : nn.Module<Tensor, Tensor>
{
    /// <summary>Number of features per tile.</summary>
    public const int FeatureCount = 3;

    private readonly TorchSharp.Modules.Linear head;

    /// <summary>Builds the regression for <paramref name="classes"/> classes.</summary>
    public TextureBaselineNetwork(int classes) : base(nameof(TextureBaselineNetwork))
    {
        head = nn.Linear(FeatureCount, classes);
        RegisterComponents();
    }

    /// <summary>N×C×H×W tiles (intensities in 0..1; channels averaged) to N×K logits.</summary>
    public override Tensor forward(Tensor input) => head.call(Features(input));

    /// <summary>The N×3 features: mean, log standard deviation, log mean absolute gradient.</summary>
    public static Tensor Features(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var grey = input.mean(new long[] { 1 }, keepdim: true);
        long h = grey.shape[2], w = grey.shape[3];
        var dims = new long[] { 1, 2, 3 };
        var mean = grey.mean(dims);
        var spread = grey.std(dims, unbiased: false).add(Scalars.Of(1e-4), Scalars.One).log();
        var dy = grey.narrow(2, 1, h - 1).add(grey.narrow(2, 0, h - 1), Scalars.Of(-1.0)).abs().mean(dims);
        var dx = grey.narrow(3, 1, w - 1).add(grey.narrow(3, 0, w - 1), Scalars.Of(-1.0)).abs().mean(dims);
        var texture = dy.add(dx, Scalars.One).add(Scalars.Of(1e-4), Scalars.One).log();
        return torch.stack(new[] { mean, spread, texture }, 1).MoveToOuterDisposeScope();
    }
}
