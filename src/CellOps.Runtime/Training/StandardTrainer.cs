using System.Diagnostics;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Metrics;
using CellOps.Sdk.Models;
using CellOps.Sdk.Training;
using CellOps.Sdk.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellOps.Runtime.Training;

/// <summary>
/// The host's trainer for <see cref="ISupervisedModel"/>s: Adam, one dispose scope per step, progress
/// after every batch, validation after every epoch through the same prediction path as inference.
/// </summary>
public static class StandardTrainer
{
    /// <summary>The learning rate used when neither the cmdlet nor the model says.</summary>
    public const double DefaultLearningRate = 1e-3;

    /// <summary>Trains <paramref name="network"/> for the epochs of <paramref name="run"/>.</summary>
    /// <param name="model">Supplies the loss.</param>
    /// <param name="network">The network, on the run's device.</param>
    /// <param name="run">Data, settings and bookkeeping.</param>
    /// <param name="classWeights">Per-class loss weights on the device, or null.</param>
    /// <param name="restoreOptimizer">Loads saved optimizer state when resuming, or null.</param>
    public static void Train(
        ISupervisedModel model,
        nn.Module<Tensor, Tensor> network,
        TrainingRun run,
        Tensor? classWeights,
        Action<OptimizerHelper>? restoreOptimizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(run);

        double weightDecay = run.HyperParameters.TryGetValue("WeightDecay", out var wd) ? wd : 0;
        // Frozen parameters stay out of the optimizer: weight decay would otherwise still shrink them.
        using var optimizer = Optimizers.Adam(network.parameters().Where(p => p.requires_grad), run.LearningRate, weightDecay: weightDecay);
        restoreOptimizer?.Invoke(optimizer);
        run.Optimizer = optimizer;
        try
        {
            Loop(model, network, run, classWeights, optimizer);
        }
        finally
        {
            run.Optimizer = null;
        }
    }

    private static void Loop(ISupervisedModel model, nn.Module<Tensor, Tensor> network, TrainingRun run, Tensor? classWeights, OptimizerHelper optimizer)
    {
        double? lastValidation = run.History.Count > 0 && run.History[^1].TryGetValue("val_accuracy", out var va) ? va : null;
        // On the CPU, batches go in channels-last order: libtorch then runs every convolution and its
        // gradients in that order, about 1.4 times faster for the tile CNN (bench/RESULTS.md). The
        // weights stay as they are, so checkpoints and optimizer state are unchanged. Decided at the
        // first batch, by a probe the network must pass.
        bool? channelsLast = null;

        for (int epoch = run.StartEpoch; epoch <= run.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            network.train();
            run.FrozenBackbone?.eval();
            double lossSum = 0;
            int tiles = 0, batchIndex = 0;
            foreach (var batch in run.TrainingBatches(epoch))
            {
                using (var scope = torch.NewDisposeScope())
                using (batch)
                {
                    optimizer.zero_grad();
                    channelsLast ??= batch.Inputs.device_type == DeviceType.CPU && batch.Inputs.dim() == 4
                        && ChannelsLast.AcceptsInput(network, batch.Inputs.narrow(0, 0, Math.Min(2, batch.Count)));
                    var output = network.call(channelsLast == true ? ChannelsLast.Layout(batch.Inputs) : batch.Inputs);
                    var loss = model.ComputeLoss(output, batch.Targets!, classWeights);
                    float value = loss.item<float>();
                    if (!float.IsFinite(value))
                    {
                        throw new TrainingDivergedException(
                            $"Training diverged: the loss became {value} in epoch {epoch}, batch {batchIndex + 1}. Lower the learning rate, or run " +
                            "again with another -Seed (see the README's known issues: some networks have met invalid gradients on some machines).");
                    }
                    loss.backward();
                    optimizer.step();
                    lossSum += value * batch.Count;
                    tiles += batch.Count;
                }
                batchIndex++;
                run.Report(new TrainingProgress(epoch, run.Epochs, batchIndex, run.TrainingBatchCount, lossSum / Math.Max(1, tiles), lastValidation));
                if (run.Cancellation.IsCancellationRequested) break;
            }

            var metrics = new Dictionary<string, double> { ["loss"] = tiles > 0 ? lossSum / tiles : double.NaN };
            if (run.HasValidation && !run.Cancellation.IsCancellationRequested)
            {
                var prediction = TilePredictor.Predict(network, run.Validation!, (o, t) => model.ComputeLoss(o, t, classWeights), run.Cancellation);
                if (prediction.MeanLoss is { } validationLoss) metrics["val_loss"] = validationLoss;
                if (prediction.Completed == prediction.Count && prediction.FullyLabelled)
                {
                    var report = ClassificationMetrics.Compute(prediction.Probabilities, prediction.Labels, prediction.ClassCount);
                    metrics["val_accuracy"] = report.Accuracy;
                    metrics["val_f1"] = report.F1;
                    if (report.RocAuc is { } auc) metrics["val_auc"] = auc;
                    lastValidation = report.Accuracy;
                }
            }
            metrics["seconds"] = clock.Elapsed.TotalSeconds;
            if (!run.EndEpoch(epoch, metrics)) break;
        }
    }
}
