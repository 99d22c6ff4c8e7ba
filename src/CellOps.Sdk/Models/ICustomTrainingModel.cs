using CellOps.Sdk.Training;
using static TorchSharp.torch;

namespace CellOps.Sdk.Models;

/// <summary>
/// A model that drives its own training loop (GANs, multi-network schemes) through the same context
/// the standard trainer uses: batches, device, progress, cancellation and checkpoints stay the host's.
/// </summary>
public interface ICustomTrainingModel : ICellModel
{
    /// <summary>Trains <paramref name="network"/> (already on <see cref="ITrainingContext.Device"/>).</summary>
    /// <param name="network">The network built by <see cref="ICellModel.CreateNetwork"/>; its weights are what the package stores.</param>
    /// <param name="context">Data, device, progress, cancellation and checkpoints.</param>
    void Train(nn.Module<Tensor, Tensor> network, ITrainingContext context);
}
