using CellOps.Sdk.Torch;
using static TorchSharp.torch;

namespace CellOps.Plugins.IpsColony;

/// <summary>
/// The divergence between target and predicted class distributions, cell by cell: the loss of the
/// class-distribution network, and of the FCN, whose cells are single pixels.
/// </summary>
public static class DistributionLoss
{
    /// <summary>
    /// Mean Kullback–Leibler divergence KL(target ‖ softmax(logits)) over the cells that hold any
    /// class. Cells whose targets are all zero (only ignored or outside pixels) add nothing to the sum
    /// or the count, so the uncertain class never pulls the network either way.
    /// </summary>
    /// <param name="logits">N×K×S.</param>
    /// <param name="target">N×K×S class fractions, each cell summing to 1 or all zero.</param>
    /// <param name="classWeights">Per-class weights (K), scaling each cell by its target's weighted mass; or null.</param>
    /// <remarks>KL differs from the cross-entropy against soft targets by the targets' entropy, a constant: the
    /// gradients are the same, and a perfect prediction scores 0.</remarks>
    public static Tensor KullbackLeibler(Tensor logits, Tensor target, Tensor? classWeights = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        if (logits.dim() != 3 || !logits.shape.SequenceEqual(target.shape))
        {
            throw new ArgumentException($"Logits [{string.Join(",", logits.shape)}] and targets [{string.Join(",", target.shape)}] must both be N×K×S.");
        }
        using var scope = NewDisposeScope();
        var logP = nn.functional.log_softmax(logits, 1);
        var logT = target.clamp_min(Scalars.Of(1e-12)).log();
        var perCell = (target * (logT - logP)).sum(1);
        var mass = target.sum(1);
        if (classWeights is not null)
        {
            var weight = (target * classWeights.view(1, -1, 1)).sum(1);
            perCell = perCell * weight;
            mass = weight;
        }
        var counted = mass.gt(Scalars.Of(0L)).to_type(ScalarType.Float32).sum().clamp_min(Scalars.Of(1L));
        return (perCell.sum() / counted).MoveToOuterDisposeScope();
    }
}
