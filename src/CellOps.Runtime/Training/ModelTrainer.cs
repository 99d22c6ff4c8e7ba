using CellOps.Runtime.Data;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Translation;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Training;

/// <summary>
/// Runs a training request end to end: checks the tiles fit the model, splits by micrograph (or by
/// groups of micrographs), seeds, builds the network, resumes from a checkpoint where asked, trains
/// (the standard trainer or the model's own loop), restores the best epoch's weights where the run
/// keeps them, and returns the trained network with its manifest.
/// </summary>
public static class ModelTrainer
{
    /// <summary>Trains.</summary>
    /// <exception cref="ArgumentException">The tiles do not fit the model, or a setting is invalid.</exception>
    /// <exception cref="Packaging.ModelPackageException">The checkpoint to resume from is damaged or from another run.</exception>
    /// <exception cref="InvalidNetworkException">The plugin's new network starts from impossible values.</exception>
    /// <exception cref="LibTorchException">libtorch raised an error.</exception>
    public static TrainingOutcome Train(TrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return TrainChecked(request);
        }
        catch (System.Runtime.InteropServices.ExternalException ex)
        {
            throw LibTorchException.From(ex, $"training {request.Plugin.Id}.{request.Model.Name}");
        }
    }

    private static TrainingOutcome TrainChecked(TrainingRequest request)
    {
        var (plugin, model, tileSet, options, compute) = (request.Plugin, request.Model, request.Tiles, request.Options, request.Compute);
        options.Validate();
        CheckTiles(model, tileSet);

        var hyperParameters = HyperParameterValues.Resolve(model.HyperParameters, options.HyperParameters);
        double learningRate = options.LearningRate
            ?? (hyperParameters.TryGetValue("LearningRate", out var lr) ? lr : StandardTrainer.DefaultLearningRate);
        bool labelled = model.Target is TileTarget.Label or TileTarget.CenterClass or TileTarget.ImageClass;
        var outputGrids = DenseGrids(model, hyperParameters, tileSet);

        var state = new CheckpointState
        {
            BatchSize = options.BatchSize,
            ValidationFraction = options.ValidationFraction,
            HoldOutBy = options.HoldOutBy?.Description,
            KeepBest = options.KeepsBest,
            Augment = options.Augment,
            BalanceClasses = options.BalanceClasses,
            Sampling = options.Sampling,
            FreezeBackbone = options.FreezeBackbone,
            LearningRate = learningRate,
        };

        var translation = model as IImageTranslationModel;
        var channels = translation is null ? ((int, int)?)null : TranslationChannels(model, tileSet);
        var input = channels is { } io ? model.Input with { Channels = io.Item1 } : model.Input;
        // A network that pools globally trains on the tiles' size; the package records it, and prediction cuts tiles of it.
        if (input.AnyTileSize) input = input with { TileSize = tileSet.TileSize, AnyTileSize = false };

        using var seeded = SeededRunGate.Enter(compute, options.Seed, request.Warning, request.Cancellation);
        var network = NetworkCheck.Create(plugin.Id, model, hyperParameters, request.Warning, channels);
        try
        {
            var classes = labelled ? ClassAlignment.Resolve(model, tileSet, network is ITransferableNetwork)
                : model.Task == ModelTask.Generation ? ClassAlignment.Imitated(tileSet)
                : outputGrids is not null ? ClassAlignment.ForLabelImage(model, tileSet, network is ITransferableNetwork)
                : ClassAlignment.AsDeclared(model, tileSet);
            if (classes.NeedsNewHead)
            {
                ((ITransferableNetwork)network).ReplaceHead(classes.ClassNames.Count);
                request.Verbose?.Invoke($"The tiles' classes are not {model.Name}'s; the network gets a new head for {string.Join(", ", classes.ClassNames)}.");
            }
            var split = ValidationSplit.Create(classes.Tiles, options.ValidationFraction, options.Seed, options.HoldOutBy);
            if (split.Training.Count == 0) throw new ArgumentException("No tiles are left to train on after the validation split.");
            string fingerprint = TrainingFingerprint.Compute(classes.Tiles);
            request.Verbose?.Invoke($"Training {plugin.Id}.{model.Name} on {split.Training.Count} tiles, validating on {split.Validation.Count} " +
                                    $"({HeldOut(split)}); {compute}; {hyperParameters}; learning rate {learningRate}.");
            var frozen = StartFrom(request, network, plugin, model);
            // Targets are scaled by the training pairs alone: validation must not inform training.
            var scaling = translation is null ? null
                : TargetScalingMeasure.Measure(split.Training.Select(t => t.Source).Distinct().Select(m => m.Pair!).ToArray(),
                    translation.OutputRange, request.Cancellation);
            if (scaling is not null) request.Verbose?.Invoke($"Targets scaled per channel: {scaling}.");
            var describe = new ManifestFactory(plugin, model, classes.ClassNames, hyperParameters, options.Seed, fingerprint, tileSet.Count,
                request.Parent?.Describe(options.FreezeBackbone), tileSet.WholeImages,
                outputGrids, tileSet.Target is TileTarget.CenterClass or TileTarget.ClassHistogram ? tileSet.Coding : null,
                input, scaling, HoldOut(split, options.ValidationFraction));

            if (compute.IsCuda) network.to(compute.Device);
            Checkpoint.LoadedCheckpoint? resume = null;
            if (options.Resume && options.CheckpointPath is { } checkpointPath)
            {
                if (File.Exists(checkpointPath))
                {
                    resume = Checkpoint.Read(checkpointPath, CellOps.Sdk.SdkVersion.Current);
                    CheckResumable(resume, plugin, model, hyperParameters, options.Seed, fingerprint, state, checkpointPath, request.Parent?.Sha256);
                }
                else
                {
                    request.Verbose?.Invoke($"No checkpoint at {checkpointPath} yet; starting at epoch 1.");
                }
            }

            using (resume)
            {
                int startEpoch = 1;
                var history = new List<IReadOnlyDictionary<string, double>>();
                var earlyStopping = new EarlyStopping(options.Patience);
                (int Epoch, byte[]? Weights) best = (0, null);
                if (resume is not null)
                {
                    resume.RestoreWeights(network);
                    resume.RestoreRandomState();
                    startEpoch = resume.State.Epoch + 1;
                    history.AddRange(resume.Package.Manifest.EpochMetrics);
                    earlyStopping = new EarlyStopping(options.Patience, resume.State.BestLoss, resume.State.EpochsSinceBest);
                    best = (resume.State.BestEpoch, resume.BestWeights());
                    request.Verbose?.Invoke($"Resuming from {options.CheckpointPath} after epoch {resume.State.Epoch}.");
                }

                using var tensorizer = new TileTensorizer(input, tileSet.EdgePolicy);
                using var dense = outputGrids is null ? null : new DenseTargets(outputGrids, tileSet.TileSize, tileSet.Coding!, tileSet.EdgePolicy);
                using var images = scaling is null ? null : new ImageTargets(tileSet.TileSize, scaling, tileSet.EdgePolicy);
                IBatchTargets? targets = dense is not null ? dense : images;
                var training = new BatchSource(split.Training, tensorizer, options.BatchSize, compute.Device, labelled,
                    labelled ? options.Sampling : BatchSampling.Shuffled, targets);
                if (options.Sampling == BatchSampling.Balanced && !labelled)
                {
                    throw new ArgumentException($"Balanced sampling draws tiles by class; {model.Name}'s tiles have no class of their own ({model.Target} targets).");
                }
                if (options.Sampling == BatchSampling.Balanced && labelled)
                {
                    request.Verbose?.Invoke("Balanced sampling: each epoch draws the classes equally often, and the loss is not weighted.");
                }
                var validation = split.Validation.Count > 0
                    ? new BatchSource(split.Validation, tensorizer, options.BatchSize, compute.Device, labelled, targets: targets)
                    : null;

                Action<TrainingRun, int>? writeCheckpoint = options.CheckpointPath is null ? null : (run, epoch) =>
                {
                    var manifest = describe.Create(run.History);
                    try
                    {
                        Checkpoint.Write(options.CheckpointPath, manifest, network, run.Optimizer, state with
                        {
                            Epoch = epoch,
                            BestLoss = run.EarlyStopping.BestLoss,
                            EpochsSinceBest = run.EarlyStopping.EpochsSinceBest,
                            BestEpoch = run.BestEpoch,
                        }, run.KeptOptimizers, run.BestEpoch != epoch ? run.BestWeights : null);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        throw new CheckpointWriteException(options.CheckpointPath, epoch, ex);
                    }
                };

                var trainingRun = new TrainingRun(options, network, compute.Device, hyperParameters, learningRate, training, validation,
                    startEpoch, history, earlyStopping, best, request.Progress, writeCheckpoint, request.Cancellation)
                {
                    FrozenBackbone = frozen,
                    ResumedFrom = resume,
                    Verbose = request.Verbose,
                };

                if (startEpoch <= options.Epochs)
                {
                    switch (model)
                    {
                        case ISupervisedModel supervised:
                        {
                            int classCount = classes.ClassNames.Count;
                            using var weights = options.WeightsLoss && labelled && classCount > 1
                                ? CopiedTensor.Float32(ClassWeights.Balanced(split.Training, classCount), compute.Device)
                                : null;
                            StandardTrainer.Train(supervised, network, trainingRun, weights,
                                resume is null ? null : optimizer => resume.RestoreOptimizer(optimizer));
                            break;
                        }
                        case ICustomTrainingModel custom:
                            custom.Train(network, trainingRun);
                            break;
                        default:
                            throw new ArgumentException($"{plugin.Id}.{model.Name} implements neither ISupervisedModel nor ICustomTrainingModel, so it cannot be trained.");
                    }
                }

                int completed = trainingRun.LastCompletedEpoch > 0 ? trainingRun.LastCompletedEpoch : startEpoch - 1;
                bool cancelled = request.Cancellation.IsCancellationRequested;
                int kept = completed;
                if (!cancelled && trainingRun.BestWeights is { } bestWeights && trainingRun.BestEpoch != completed)
                {
                    Checkpoint.LoadWeights(network, bestWeights);
                    kept = trainingRun.BestEpoch;
                    request.Verbose?.Invoke($"Keeping the weights of epoch {kept}, whose validation loss ({trainingRun.EarlyStopping.BestLoss:0.#####}) " +
                                            $"was the lowest, not those of epoch {completed}.");
                }
                var finalManifest = describe.Create(trainingRun.History, kept > 0 ? kept : null);
                var epochs = trainingRun.History.Select(EpochRecord.FromMetrics).ToArray();
                return new TrainingOutcome(network, finalManifest, epochs, completed, trainingRun.StopReason, cancelled);
            }
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    // What the split held out, in words, for the verbose stream.
    private static string HeldOut(ValidationSplit split)
    {
        if (split.Validation.Count == 0) return "nothing held out";
        if (split.Grouping == ValidationSplit.ByMicrograph) return $"{split.ValidationSources.Count} micrograph(s) held out";
        return $"held out by {split.Grouping}: {string.Join(", ", split.ValidationGroups)}; {split.ValidationSources.Count} micrograph(s)";
    }

    private static ValidationHoldOut? HoldOut(ValidationSplit split, double fraction) => split.Validation.Count == 0 ? null : new ValidationHoldOut
    {
        By = split.Grouping,
        Fraction = fraction,
        Groups = split.ValidationGroups,
        Tiles = split.Validation.Count,
    };

    // An image-translation model's input and output channels, from the tiles' micrographs and their pairs,
    // which must agree across the set: one network serves them all.
    private static (int Input, int Output) TranslationChannels(ICellModel model, TileSet tileSet)
    {
        var sources = tileSet.Tiles.Select(t => t.Source).Distinct().ToArray();
        var first = sources[0];
        foreach (var source in sources)
        {
            if (source.Pair is null)
            {
                throw new ArgumentException($"{model.Name} learns the paired image, but '{source.Path ?? source.Name}' has none: import it with -PairWith.");
            }
            if (source.ChannelCount != first.ChannelCount)
            {
                throw new ArgumentException(
                    $"The micrographs differ in channels: '{first.Path ?? first.Name}' has {first.ChannelCount}, '{source.Path ?? source.Name}' has {source.ChannelCount}; one network takes one number of channels.");
            }
            if (source.Pair.ChannelCount != first.Pair!.ChannelCount)
            {
                throw new ArgumentException(
                    $"The paired images differ in channels: '{first.Pair.Path ?? first.Pair.Name}' has {first.Pair.ChannelCount}, '{source.Pair.Path ?? source.Pair.Name}' has {source.Pair.ChannelCount}.");
            }
        }
        return (first.ChannelCount, first.Pair!.ChannelCount);
    }

    // A dense model's output grids, checked against the tiles; null for other models.
    private static IReadOnlyList<int>? DenseGrids(ICellModel model, HyperParameterValues hyperParameters, TileSet tileSet)
    {
        if (model is not IDenseModel dense) return null;
        var grids = dense.OutputGrids(hyperParameters);
        if (grids.Count == 0) throw new ArgumentException($"{model.Name} declares no output grid.");
        foreach (int r in grids)
        {
            if (r < 1 || tileSet.TileSize % r != 0)
            {
                throw new ArgumentException($"{model.Name} outputs a {r}×{r} grid, which does not divide {tileSet.TileSize}-pixel tiles; choose hyperparameters whose grids divide the tile size.");
            }
        }
        if (tileSet.Coding is null)
        {
            throw new ArgumentException($"{model.Name} learns class fractions from label images: cut the tiles with New-TileSet -Target ClassHistogram from micrographs paired with their label images.");
        }
        return grids;
    }

    private static void CheckTiles(ICellModel model, TileSet tileSet)
    {
        if (tileSet.Count == 0) throw new ArgumentException("The tile set has no tiles.");
        if (tileSet.TileSize != model.Input.TileSize && !model.Input.AnyTileSize)
        {
            throw new ArgumentException(
                $"The tiles are {tileSet.TileSize}×{tileSet.TileSize}; {model.Name} takes {model.Input.TileSize}×{model.Input.TileSize}. Cut them with New-TileSet -Size {model.Input.TileSize}.");
        }
        // A generator learns the images, not their targets: tiles labelled any way (one cell type's crops) will do.
        if (tileSet.Target != model.Target && model.Task != ModelTask.Generation)
        {
            string how = model.Target == TileTarget.ImageClass
                ? "Label each micrograph with its class: New-TileSet -ClassFrom (with -WholeImage for cell crops)."
                : $"Cut them with New-TileSet -Target {model.Target}.";
            throw new ArgumentException($"The tiles' target is {tileSet.Target}; {model.Name} trains on {model.Target} targets. {how}");
        }
        if (model.Target is TileTarget.Label or TileTarget.CenterClass or TileTarget.ImageClass)
        {
            var present = tileSet.ClassCounts.Count(c => c > 0);
            if (present < 2)
            {
                throw new ArgumentException(
                    $"Every tile has the same label ({string.Join(" ", tileSet.ClassCounts.Select((c, k) => $"{k}:{c}"))}); a classifier needs examples of at least two classes.");
            }
        }
    }

    // Transfer learning: the parent's backbone replaces the fresh one, and is frozen where asked.
    // Returns the frozen backbone, which the trainer keeps in evaluation mode, or null.
    private static nn.Module? StartFrom(TrainingRequest request, nn.Module<Tensor, Tensor> network, ICellPlugin plugin, ICellModel model)
    {
        var options = request.Options;
        if (request.Parent is not { } parent)
        {
            if (options.FreezeBackbone) throw new ArgumentException("Freezing the backbone needs a trained package to take it from (-From).");
            return null;
        }
        if (network is not ITransferableNetwork target)
        {
            throw new ArgumentException($"{plugin.Id}.{model.Name}'s network has no separate backbone and head, so it cannot start from another package.");
        }
        if (parent.Network is not ITransferableNetwork source)
        {
            throw new ArgumentException($"The network of {parent.Manifest.PluginId}.{parent.Manifest.ModelName} ({Path.GetFileName(parent.Path)}) has no separate backbone to start from.");
        }
        BackboneTransfer.Copy(source, target);
        request.Verbose?.Invoke($"Starting from the backbone of {Path.GetFileName(parent.Path)} (SHA-256 {parent.Sha256[..12]}…), " +
                                $"{(options.FreezeBackbone ? "frozen" : "trained further")}; the head is new, for {target.ClassCount} classes.");
        if (!options.FreezeBackbone) return null;
        BackboneTransfer.Freeze(target);
        return target.Backbone;
    }

    private static void CheckResumable(Checkpoint.LoadedCheckpoint checkpoint, ICellPlugin plugin, ICellModel model,
        HyperParameterValues hyperParameters, long seed, string fingerprint, CheckpointState state, string path, string? parentSha256)
    {
        var manifest = checkpoint.Package.Manifest;
        string? difference =
            !string.Equals(manifest.PluginId, plugin.Id, StringComparison.OrdinalIgnoreCase) || !string.Equals(manifest.ModelName, model.Name, StringComparison.OrdinalIgnoreCase)
                ? $"model {manifest.PluginId}.{manifest.ModelName} vs {plugin.Id}.{model.Name}"
            : manifest.Seed != seed ? $"seed {manifest.Seed} vs {seed}"
            : manifest.TrainingFingerprint != fingerprint ? "other training tiles"
            : manifest.Parent?.Sha256 != parentSha256 ? "another parent package"
            : HyperParameterDifference(manifest.HyperParameters, hyperParameters)
            ?? checkpoint.State.Difference(state);
        if (difference is not null)
        {
            throw new ArgumentException(
                $"The checkpoint {path} belongs to another run ({difference}). Resume with the same tiles and settings, or start afresh without -Resume or with another -CheckpointPath.");
        }
    }

    private static string? HyperParameterDifference(IReadOnlyDictionary<string, double> saved, HyperParameterValues current)
    {
        foreach (var (name, value) in current)
        {
            var match = saved.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
            if (match.Key is null || match.Value != value) return $"{name} {(match.Key is null ? "unset" : match.Value)} vs {value}";
        }
        return null;
    }
}
