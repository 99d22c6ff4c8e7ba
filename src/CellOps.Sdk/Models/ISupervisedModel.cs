using static TorchSharp.torch;

namespace CellOps.Sdk.Models;

/// <summary>
/// A model trained by the host's standard trainer: the host batches, shuffles, augments, validates,
/// stops early, writes checkpoints and reports progress; the model supplies the network (see
/// <see cref="ICellModel.CreateNetwork"/>) and the loss.
/// </summary>
/// <remarks>
/// The trainer uses Adam. Its learning rate is the cmdlet's <c>-LearningRate</c> where given, else
/// the hyperparameter named <c>LearningRate</c> where the model declares one, else 0.001; a declared
/// <c>WeightDecay</c> is used the same way.
/// </remarks>
public interface ISupervisedModel : ICellModel
{
    /// <summary>
    /// The loss of one batch: <paramref name="output"/> is the network's output, <paramref name="target"/>
    /// the batch's targets (int64 class indices of shape N for classification).
    /// </summary>
    /// <param name="output">Network output.</param>
    /// <param name="target">Targets on the same device.</param>
    /// <param name="classWeights">Per-class weights (K, on the device) countering imbalance, or null.</param>
    /// <returns>A scalar loss tensor.</returns>
    Tensor ComputeLoss(Tensor output, Tensor target, Tensor? classWeights);
}
