using CellOps.Sdk.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Plugins.CancerStemCell;

/// <summary>Makes the normalisation layer a <see cref="FeatureNorm"/> names.</summary>
internal static class NormLayer
{
    public static nn.Module<Tensor, Tensor> Create(FeatureNorm norm, long channels) => norm switch
    {
        FeatureNorm.Batch => Layers.BatchNorm2d(channels),
        // As pix2pix's instance norm: no affine parameters, no running statistics.
        FeatureNorm.Instance => nn.InstanceNorm2d(channels, affine: false, track_running_stats: false),
        _ => throw new ArgumentOutOfRangeException(nameof(norm), norm, "Unknown normalisation."),
    };
}
