using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CellOps.Sdk.Torch;

/// <summary>
/// Batch normalisation over N×C×H×W maps, as <c>torch.nn.BatchNorm2d</c> in PyTorch: the same
/// parameters and buffers under the same names (<c>weight</c>, <c>bias</c>, <c>running_mean</c>,
/// <c>running_var</c>, <c>num_batches_tracked</c>), so saved weights load either way.
/// </summary>
/// <remarks>
/// TorchSharp's own <c>BatchNorm2d</c> counts batches with <c>num_batches_tracked.add_(1)</c>, which
/// makes two Scalars that can be freed while libtorch reads them (see <see cref="Scalars"/>); this one
/// counts with Scalars that are never freed. Create it with <see cref="Layers.BatchNorm2d"/>.
/// </remarks>
public sealed class BatchNorm2d : TorchSharp.Modules.BatchNorm
{
    internal BatchNorm2d(long features, double eps, double momentum, bool affine, bool trackRunningStats)
        : base(features, eps, momentum, affine, trackRunningStats, null, null, nameof(BatchNorm2d))
    {
    }

    /// <summary>Normalises <paramref name="input"/> with batch statistics in training, running ones in evaluation.</summary>
    /// <param name="input">N×C×H×W.</param>
    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        double averagingFactor = momentum ?? 0.0;
        if (training && track_running_stats && num_batches_tracked is { } batches)
        {
            batches.add_(Scalars.One, Scalars.One);
            // PyTorch's cumulative average when momentum is None.
            averagingFactor = momentum ?? 1.0 / batches.item<long>();
        }
        bool useBatchStatistics = training || (running_mean is null && running_var is null);
        bool passRunning = !training || track_running_stats;
        return F.batch_norm(input, passRunning ? running_mean : null, passRunning ? running_var : null,
            weight, bias, useBatchStatistics, averagingFactor, eps);
    }

    /// <inheritdoc/>
    protected override void ValidateInputDimensions(Tensor input)
    {
        if (input.ndim != 4)
            throw new ArgumentException($"BatchNorm2d expects N×C×H×W input; this one has {input.ndim} dimensions.", nameof(input));
    }
}
