using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using CellOps.PluginHost;
using CellOps.PowerShell.Completion;
using CellOps.PowerShell.Internal;
using CellOps.Runtime.Data;
using CellOps.Runtime.Jobs;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Search;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Tiling;
using CellOps.Sdk.Training;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Trains a plugin's model on labelled tiles and writes a .cellmodel package.</para>
/// <para type="description">Splits the tiles by micrograph (or by -HoldOutBy groups) into training and validation, trains on the
/// shared torch runtime with progress, checkpoints and Ctrl+C handling, keeps the best epoch's weights (unless -KeepLast), and
/// emits a CellOps TrainedModel. With -Optimize, searches the model's
/// hyperparameters by Bayesian optimisation first, emitting each trial, and writes the best trial's model.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "CellTraining", SupportsShouldProcess = true, DefaultParameterSetName = TrainSet)]
[OutputType(typeof(TrainedModel))]
[OutputType(typeof(SearchTrial), ParameterSetName = new[] { OptimizeSet })]
public sealed class StartCellTrainingCommand : TorchCommand
{
    private const string TrainSet = "Train";
    private const string OptimizeSet = "Optimize";
    private const int ProgressId = 3;
    private readonly List<TileSet> _tileSets = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = new();

    /// <summary>The model to train: PluginId.ModelName (see Get-CellModel).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    public string Model { get; set; } = "";

    /// <summary>Labelled tiles (from New-TileSet); several tile sets are trained on together.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public TileSet[] InputObject { get; set; } = Array.Empty<TileSet>();

    /// <summary>The model package to write; an existing file is kept unless -Force is given.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>Replace -OutFile if it exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Passes over the training tiles.</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int Epochs { get; set; } = 10;

    /// <summary>Tiles per batch.</summary>
    [Parameter]
    [ValidateRange(1, 65536)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Adam's learning rate (default: the model's LearningRate hyperparameter).</summary>
    [Parameter]
    [ValidateRange(1e-9, 10.0)]
    public double LearningRate { get; set; }

    /// <summary>Values of the model's other hyperparameters, e.g. @{ Depth = 3; Dropout = 0.2 }.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(HyperParameterCompleter))]
    public Hashtable? HyperParameter { get; set; }

    /// <summary>Share of tiles held out for validation, as whole micrographs (or whole -HoldOutBy groups).</summary>
    [Parameter]
    [ValidateRange(0.0, 0.9)]
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>Hold out whole groups of micrographs: a metadata key (e.g. 'CellOps.FieldColumn') or a script block giving each micrograph's group ($_ is the micrograph).</summary>
    [Parameter]
    [ValidateNotNull]
    public object? HoldOutBy { get; set; }

    /// <summary>Keep the last epoch's weights rather than those of the epoch with the lowest validation loss.</summary>
    [Parameter]
    public SwitchParameter KeepLast { get; set; }

    /// <summary>Stop when the validation loss has not improved for this many epochs (0: never).</summary>
    [Parameter]
    [ValidateRange(0, 100000)]
    public int Patience { get; set; }

    /// <summary>Seed of every random choice; the same seed on the CPU gives the same model (trainings in one process run one at a time for it).</summary>
    [Parameter]
    public long Seed { get; set; } = 1;

    /// <summary>Do not flip or rotate training tiles.</summary>
    [Parameter]
    public SwitchParameter NoAugmentation { get; set; }

    /// <summary>Do not weight the loss against class imbalance.</summary>
    [Parameter]
    public SwitchParameter NoClassWeighting { get; set; }

    /// <summary>How each epoch draws training tiles: Shuffled (all once, loss weighted by class) or Balanced (classes drawn equally often, loss unweighted).</summary>
    [Parameter]
    public BatchSampling Sampling { get; set; } = BatchSampling.Shuffled;

    /// <summary>A trained package (.cellmodel path or TrainedModel) whose backbone the network starts from; the head is new, for the tiles' classes.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? From { get; set; }

    /// <summary>With -From: keep the parent's backbone fixed and train only the new head.</summary>
    [Parameter]
    public SwitchParameter FreezeBackbone { get; set; }

    /// <summary>A package file written after every epoch.</summary>
    [Parameter(ParameterSetName = TrainSet)]
    [ValidateNotNullOrEmpty]
    public string? CheckpointPath { get; set; }

    /// <summary>Continue from -CheckpointPath where it exists.</summary>
    [Parameter(ParameterSetName = TrainSet)]
    public SwitchParameter Resume { get; set; }

    /// <summary>Sign the package written with this private key (a PEM file from New-CellSigningKey), as Set-CellModelSignature does.</summary>
    [Parameter(ParameterSetName = TrainSet)]
    [ValidateNotNullOrEmpty]
    public string? SigningKeyPath { get; set; }

    /// <summary>Search the model's hyperparameters (those not fixed by -HyperParameter or -LearningRate) by Bayesian optimisation.</summary>
    [Parameter(ParameterSetName = OptimizeSet)]
    public SwitchParameter Optimize { get; set; }

    /// <summary>Training runs the search makes, each scored by the validation loss of the epoch whose weights it keeps.</summary>
    [Parameter(ParameterSetName = OptimizeSet)]
    [ValidateRange(1, 10000)]
    public int Trials { get; set; } = 20;

    /// <summary>Random trials before the Gaussian process guides the search (default: half of -Trials, at most 5).</summary>
    [Parameter(ParameterSetName = OptimizeSet)]
    [ValidateRange(1, 10000)]
    public int InitialTrials { get; set; }

    /// <summary>Run the trials as parallel tasks of a job: Local (processes on this machine) or Slurm (sbatch); without it the trials run one by one in this session.</summary>
    [Parameter(ParameterSetName = OptimizeSet)]
    [ValidateSet("Local", "Slurm")]
    public string? Scheduler { get; set; }

    /// <summary>With -Scheduler: trials run at once; each new proposal waits only for a free slot (default 4; Local: at most CPU cores / -Cpus).</summary>
    [Parameter(ParameterSetName = OptimizeSet)]
    [ValidateRange(1, 1000)]
    public int ParallelTrials { get; set; }

    /// <summary>With -Scheduler: the job folder of the trials (their tile set, logs, results and packages); default a folder beside -OutFile named after it with '.trials'.</summary>
    [Parameter(ParameterSetName = OptimizeSet)]
    [ValidateNotNullOrEmpty]
    public string? JobPath { get; set; }

    /// <summary>With -Scheduler: CPU cores per trial (also its torch threads unless -Threads is given).</summary>
    [Parameter(ParameterSetName = OptimizeSet)]
    [ValidateRange(1, 1024)]
    public int Cpus { get; set; } = 1;

    /// <summary>With -Scheduler: memory per trial in MB (Slurm --mem); default the cluster's.</summary>
    [Parameter(ParameterSetName = OptimizeSet)]
    [ValidateRange(1, int.MaxValue)]
    public int MemoryMB { get; set; }

    /// <summary>With -Scheduler: wall-clock limit per trial (Slurm --time); default the cluster's.</summary>
    [Parameter(ParameterSetName = OptimizeSet)]
    public TimeSpan? TimeLimit { get; set; }

    /// <summary>With -Scheduler: GPUs per trial (Slurm --gres=gpu:N).</summary>
    [Parameter(ParameterSetName = OptimizeSet)]
    [ValidateRange(0, 64)]
    public int Gpus { get; set; }

    /// <summary>With -Scheduler Slurm: the partition; default the cluster's.</summary>
    [Parameter(ParameterSetName = OptimizeSet)]
    [ValidateNotNullOrEmpty]
    public string? Partition { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => _tileSets.AddRange(InputObject.Where(t => t is not null));

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_tileSets.Count == 0) return;
        if (ParameterSetName == OptimizeSet && !Optimize)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Trials, -InitialTrials, -Scheduler and the trials' job parameters set up a hyperparameter search: add -Optimize."),
                "TrialsWithoutOptimize", ErrorCategory.InvalidArgument, null));
        }
        string[] jobParameters = [nameof(ParallelTrials), nameof(JobPath), nameof(Cpus), nameof(MemoryMB), nameof(TimeLimit), nameof(Gpus), nameof(Partition)];
        if (Scheduler is null && jobParameters.FirstOrDefault(Bound) is { } jobParameter)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-{jobParameter} sets up the trials' tasks: add -Scheduler Local or -Scheduler Slurm."),
                "ParallelWithoutScheduler", ErrorCategory.InvalidArgument, null));
        }
        if (Scheduler is not null && HoldOutBy is ScriptBlock)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-HoldOutBy as a script block cannot reach the trials' tasks: give a metadata key, " +
                                                                        "or record the groups as metadata first (Import-Micrograph -Metadata)."),
                "HoldOutByNotPortable", ErrorCategory.InvalidArgument, HoldOutBy));
        }
        if (Scheduler is not null && PluginPath is { Length: > 1 })
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("With -Scheduler the trials' tasks take one -PluginPath folder; put the plugins in one folder."),
                "PluginPathNotPortable", ErrorCategory.InvalidArgument, PluginPath));
        }
        if (FreezeBackbone && From is null)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-FreezeBackbone keeps a trained backbone fixed: give the package to take it from with -From."),
                "FreezeWithoutFrom", ErrorCategory.InvalidArgument, null));
        }
        if (Resume && CheckpointPath is null)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Resume needs -CheckpointPath: the checkpoint to continue from."),
                "ResumeWithoutCheckpoint", ErrorCategory.InvalidArgument, null));
        }

        var catalog = LoadCatalog();
        ModelHandle handle;
        try
        {
            handle = catalog.ResolveModel(Model);
        }
        catch (ModelNotFoundException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "ModelNotFound", ErrorCategory.ObjectNotFound, Model));
            return;
        }
        catch (PluginLoadFailedException ex)
        {
            ThrowTerminatingError(PluginCatalogAccess.FailedPlugin(ex));
            return;
        }

        string outFile = OutFile is null ? DefaultOutFile(handle.QualifiedName) : FileSystemPaths.ToFullPath(this, OutFile);
        // Refused before training rather than after it: the user learns in a second, not after an hour's run.
        if (OutputFile.Problem(outFile, force: Force || OutFile is null, nameof(OutFile)) is { } outProblem)
        {
            ThrowTerminatingError(outProblem);
        }
        string? checkpoint = CheckpointPath is null ? null : FileSystemPaths.ToFullPath(this, CheckpointPath);
        // An existing checkpoint is what -Resume continues from: only a folder in its place is refused.
        if (checkpoint is not null && OutputFile.Problem(checkpoint, force: true, nameof(CheckpointPath)) is { } checkpointProblem)
        {
            ThrowTerminatingError(checkpointProblem);
        }
        string action = Optimize && Scheduler is not null
            ? $"Search the hyperparameters of {handle.QualifiedName} in {Trials} training runs as {Scheduler} tasks on {_tileSets.Sum(t => t.Count)} tiles and write the best model's package"
            : Optimize
            ? $"Search the hyperparameters of {handle.QualifiedName} in {Trials} training runs on {_tileSets.Sum(t => t.Count)} tiles and write the best model's package"
            : $"Train {handle.QualifiedName} on {_tileSets.Sum(t => t.Count)} tiles and write the model package";
        if (!ShouldProcess(outFile, action))
        {
            return;
        }
        // Read before training, so a wrong key path costs a second, not a training run.
        using var signingKey = SigningKeyPath is null ? null : SigningKeyArgument.Load(this, SigningKeyPath, nameof(SigningKeyPath));
        if (OutFile is null) WriteVerbose($"No -OutFile given; the package goes to {outFile}.");

        TileSet tiles = Combine(_tileSets);
        var compute = CreateCompute();
        using var parent = From is null ? null : LoadParent(catalog, compute);

        HoldOutGrouping? holdOut = null;
        try
        {
            holdOut = HoldOutBy is null ? null : HoldOutArgument.Read(HoldOutBy);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidHoldOutBy", ErrorCategory.InvalidArgument, HoldOutBy));
        }

        TrainingOptions options;
        try
        {
            options = new TrainingOptions
            {
                Epochs = Epochs,
                BatchSize = BatchSize,
                LearningRate = Bound(nameof(LearningRate)) ? LearningRate : null,
                ValidationFraction = ValidationFraction,
                HoldOutBy = holdOut,
                KeepBest = !KeepLast,
                Seed = Seed,
                Augment = !NoAugmentation,
                BalanceClasses = !NoClassWeighting,
                Sampling = Sampling,
                FreezeBackbone = FreezeBackbone,
                Patience = Patience,
                HyperParameters = HyperParameterTable.Read(HyperParameter, handle.Model.HyperParameters),
                CheckpointPath = checkpoint,
                Resume = Resume,
            };
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidHyperParameter", ErrorCategory.InvalidArgument, HyperParameter));
            return;
        }

        if (Optimize && Scheduler is not null)
        {
            var settings = ParallelSettings(outFile);
            var launcher = TaskLauncher.ForSession(this);
            var request = new TrainingRequest
            {
                Plugin = handle.Plugin,
                Model = handle.Model,
                Tiles = tiles,
                Options = options,
                Parent = parent,
                Compute = compute,
                Verbose = WriteVerbose,
                Warning = WriteWarning,
                Cancellation = _stop.Token,
            };
            ParallelSearchInvocation.Run(this, handle, request, Trials, Bound(nameof(InitialTrials)) ? InitialTrials : null, outFile, settings, launcher);
            return;
        }

        if (Optimize)
        {
            // Every trial builds the network anew; a warning about its layers is the same each time.
            var warned = new HashSet<string>(StringComparer.Ordinal);
            var template = new TrainingRequest
            {
                Plugin = handle.Plugin,
                Model = handle.Model,
                Tiles = tiles,
                Options = options,
                Parent = parent,
                Compute = compute,
                Verbose = WriteVerbose,
                Warning = message => { if (warned.Add(message)) WriteWarning(message); },
                Cancellation = _stop.Token,
            };
            SearchInvocation.Run(this, handle, template, Trials, Bound(nameof(InitialTrials)) ? InitialTrials : null, outFile);
            return;
        }

        TrainingOutcome outcome;
        _clock.Start();
        try
        {
            outcome = ModelTrainer.Train(new TrainingRequest
            {
                Plugin = handle.Plugin,
                Model = handle.Model,
                Tiles = tiles,
                Options = options,
                Parent = parent,
                Compute = compute,
                Progress = p => Report(handle.QualifiedName, p),
                Verbose = WriteVerbose,
                Warning = WriteWarning,
                Cancellation = _stop.Token,
            });
        }
        catch (ModelPackageException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "CheckpointInvalid", ErrorCategory.InvalidData, checkpoint));
            return;
        }
        catch (HoldOutGroupException ex)
        {
            ThrowTerminatingError(HoldOutArgument.GroupMissing(ex));
            return;
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidTrainingInput", ErrorCategory.InvalidArgument, tiles));
            return;
        }
        catch (TrainingDivergedException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "TrainingDiverged", ErrorCategory.InvalidResult, handle.QualifiedName));
            return;
        }
        catch (InvalidNetworkException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidNetwork", ErrorCategory.InvalidResult, handle.QualifiedName));
            return;
        }
        catch (LibTorchException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "LibTorchFailed", ErrorCategory.InvalidOperation, handle.QualifiedName));
            return;
        }
        catch (CheckpointWriteException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "CheckpointWriteFailed", ErrorCategory.WriteError, ex.Path));
            return;
        }
        catch (MicrographReadException ex)
        {
            // A tile set is trained on whole: a file that cannot be read stops the training, named.
            ThrowTerminatingError(MicrographErrors.From(ex));
            return;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Ctrl+C while waiting for another training in the process: nothing was trained or written.
            return;
        }
        finally
        {
            // After Ctrl+C the pipeline takes no more records; the notice below must still be reached.
            if (!Stopping) WriteProgress(new ProgressRecord(ProgressId, $"Training {handle.QualifiedName}", "Done") { RecordType = ProgressRecordType.Completed });
        }

        using (outcome)
        {
            if (outcome.Cancelled)
            {
                StopNotice.Warn(this, checkpoint is null
                    ? $"Training stopped after epoch {outcome.CompletedEpochs}; no package was written."
                    : $"Training stopped; {checkpoint} holds epoch {outcome.CompletedEpochs}. Run again with -Resume to continue.");
                return;
            }
            if (outcome.StopReason is not null) WriteVerbose($"Stopped after epoch {outcome.CompletedEpochs}: {outcome.StopReason}.");
            try
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(outFile)!);
                outcome.Save(outFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "ModelPackageWriteFailed", ErrorCategory.WriteError, outFile));
                return;
            }
            if (signingKey is not null) PackageSigning.Sign(this, outFile, signingKey, Environment.UserName);
            WriteObject(TrainedModel.Of(outcome, outFile, compute.ToString()));
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _stop.Cancel();

    // The trials' job: where it goes, what each task asks for, and the training parameters each takes as text.
    private ParallelSearchSettings ParallelSettings(string outFile)
    {
        string folder = JobPath is null
            ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(outFile)!, System.IO.Path.GetFileNameWithoutExtension(outFile) + ".trials")
            : FileSystemPaths.ToFullPath(this, JobPath);
        int parallel = Bound(nameof(ParallelTrials)) ? ParallelTrials
            : Scheduler == "Local" ? Math.Clamp(Environment.ProcessorCount / Cpus, 1, 4) : 4;
        var text = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [nameof(Epochs)] = Invariant(Epochs),
            [nameof(BatchSize)] = Invariant(BatchSize),
            [nameof(ValidationFraction)] = Invariant(ValidationFraction),
            [nameof(Patience)] = Invariant(Patience),
            [nameof(Seed)] = Invariant(Seed),
            [nameof(Sampling)] = Sampling.ToString(),
            [nameof(Threads)] = Invariant(Bound(nameof(Threads)) ? Threads : Cpus),
        };
        if (Bound(nameof(LearningRate))) text[nameof(LearningRate)] = Invariant(LearningRate);
        if (HoldOutBy is not null) text[nameof(HoldOutBy)] = HoldOutBy.ToString()!;
        if (From is not null) text[nameof(From)] = PackageArgument.ToPath(this, From, nameof(From));
        if (Bound(nameof(Device))) text[nameof(Device)] = Device.ToString();
        if (PluginPath is { Length: 1 }) text[nameof(PluginPath)] = FileSystemPaths.ToFullPath(this, PluginPath[0]);
        foreach (var (name, on) in new[] { (nameof(KeepLast), KeepLast.IsPresent), (nameof(NoAugmentation), NoAugmentation.IsPresent),
                     (nameof(NoClassWeighting), NoClassWeighting.IsPresent), (nameof(FreezeBackbone), FreezeBackbone.IsPresent) })
        {
            if (on) text[name] = bool.TrueString;
        }
        var resources = new JobResources(Cpus, MemoryMB, TimeLimit, Gpus, parallel, Partition);
        return new ParallelSearchSettings(Scheduler!, parallel, folder, resources, text);
    }

    private static string Invariant(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);

    // A new file under the temp folder, named by model and time; numbered where a run in the same second took the name.
    private static string DefaultOutFile(string model)
    {
        string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cellops");
        string stem = $"{model}-{DateTime.Now:yyyyMMdd-HHmmss}";
        string path = System.IO.Path.Combine(folder, stem + ".cellmodel");
        for (int n = 2; File.Exists(path); n++) path = System.IO.Path.Combine(folder, $"{stem}-{n}.cellmodel");
        return path;
    }

    // The package -From names, verified and rebuilt by its own plugin's model.
    private TransferSource LoadParent(PluginCatalog catalog, ComputeContext compute)
    {
        string path = PackageArgument.ToPath(this, From!, nameof(From));
        var trust = PackageTrust.Policy(this);
        try
        {
            var parent = TransferSource.Load(path, m => catalog.ResolveModel($"{m.PluginId}.{m.ModelName}").Model, compute, trust);
            WriteVerbose($"Starting from {path} ({parent.Manifest.PluginId}.{parent.Manifest.ModelName}, classes {string.Join(", ", parent.Manifest.ClassNames)}).");
            return parent;
        }
        catch (ModelPackageException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "ParentPackageInvalid", ErrorCategory.InvalidData, path));
        }
        catch (CellOps.Runtime.Signing.PackageTrustException ex)
        {
            ThrowTerminatingError(PackageTrust.Error(ex));
        }
        catch (PluginLoadFailedException ex)
        {
            ThrowTerminatingError(PluginCatalogAccess.FailedPlugin(ex));
        }
        catch (ModelNotFoundException ex)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException($"{System.IO.Path.GetFileName(path)} needs a model that no installed plugin offers. {ex.Message}", ex),
                "ParentPluginNotInstalled", ErrorCategory.ObjectNotFound, path));
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "ParentIncompatible", ErrorCategory.InvalidData, path));
        }
        return null!;
    }

    private void Report(string model, TrainingProgress p)
    {
        // A progress record after Ctrl+C would throw inside the trainer and lose its orderly stop.
        if (!Stopping) WriteProgress(EpochProgress.Record(ProgressId, $"Training {model}", p, _clock.Elapsed));
    }

    private TileSet Combine(IReadOnlyList<TileSet> sets)
    {
        try
        {
            return TileSet.Merge(sets);
        }
        catch (TileSetMismatchException ex)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"{ex.Message} {MergeAdvice(ex.Property)}".TrimEnd(), ex),
                "TileSetsDiffer", ErrorCategory.InvalidArgument, sets[ex.Index]));
            return null!;
        }
    }

    // The New-TileSet parameter behind each property that must agree, for the user who cut the sets apart.
    private static string MergeAdvice(string property) => property switch
    {
        nameof(TileSet.TileSize) => "Give every New-TileSet the same -Size.",
        nameof(TileSet.Target) => "Give every New-TileSet the same -Target.",
        nameof(TileSet.EdgePolicy) => "Give every New-TileSet the same -EdgePolicy.",
        nameof(TileSet.WholeImages) => "Use -WholeImage for all of them or for none.",
        nameof(TileSet.ClassNames) => "Give every New-TileSet the same -ClassName.",
        nameof(TileSet.LabelValues) => "Give every New-TileSet the same -LabelValue.",
        nameof(TileSet.IgnoreClass) => "Give every New-TileSet the same -IgnoreClass.",
        nameof(TileSet.Grids) => "Give every New-TileSet the same -Grid.",
        nameof(TileSet.ClassCount) => "Give every New-TileSet the same -ClassCount.",
        _ => "",
    };
}
