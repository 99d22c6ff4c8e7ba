using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using CellOps.Sdk.Training;
using CellOps.Sdk.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Tests.Runtime;

/// <summary>
/// A model that drives its own loop (plain SGD) through the host's training context, as a GAN plugin would;
/// where given validation losses, it reports epoch e's as its <c>val_loss</c>, as a loop with its own validation does.
/// </summary>
internal sealed class CustomLoopModel : ICustomTrainingModel
{
    private readonly TinyModel _inner = TinyPlugin.Model;
    private readonly double[]? _validationLosses;

    public CustomLoopModel(double[]? validationLosses = null) => _validationLosses = validationLosses;

    public int StepsTaken { get; private set; }
    public string Name => "CustomBlob";
    public string Description => "The tiny classifier trained by its own loop.";
    public ModelTask Task => ModelTask.TileClassification;
    public InputSpec Input => _inner.Input;
    public TileTarget Target => TileTarget.Label;
    public IReadOnlyList<string> ClassNames => _inner.ClassNames;
    public IReadOnlyList<HyperParameter> HyperParameters => _inner.HyperParameters;

    public nn.Module<Tensor, Tensor> CreateNetwork(HyperParameterValues hyperParameters) => _inner.CreateNetwork(hyperParameters);

    public void Train(nn.Module<Tensor, Tensor> network, ITrainingContext context)
    {
        using var optimizer = Optimizers.SGD(network.parameters(), context.LearningRate);
        for (int epoch = context.StartEpoch; epoch <= context.Epochs; epoch++)
        {
            network.train();
            double sum = 0;
            int batches = 0;
            foreach (var batch in context.TrainingBatches(epoch))
            {
                using var scope = torch.NewDisposeScope();
                using (batch)
                {
                    optimizer.zero_grad();
                    var loss = nn.functional.cross_entropy(network.call(batch.Inputs), batch.Targets!);
                    loss.backward();
                    optimizer.step();
                    sum += loss.item<float>();
                }
                batches++;
                StepsTaken++;
                context.Report(new TrainingProgress(epoch, context.Epochs, batches, context.TrainingBatchCount, sum / batches, null));
            }
            var metrics = new Dictionary<string, double> { ["loss"] = sum / Math.Max(1, batches) };
            if (_validationLosses is not null) metrics["val_loss"] = _validationLosses[epoch - 1];
            if (!context.EndEpoch(epoch, metrics)) break;
        }
    }
}
