using System.Management.Automation;
using CellOps.Imaging.Measurement;
using CellOps.Imaging.Tiling;
using CellOps.PluginHost;
using CellOps.PowerShell.Internal;
using CellOps.Runtime.Inference;
using CellOps.Imaging.Maps;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Runtime.Translation;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Runs a trained model package on tile sets or micrographs.</para>
/// <para type="description">Verifies the package, rebuilds its network from the installed plugin, predicts in batches and emits a
/// CellOps PredictionResult per tile set (per-tile probabilities, per-micrograph summaries and, for labelled tiles, an evaluation; where
/// micrographs carry a time point, the same per time point).</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "CellModel", DefaultParameterSetName = PredictSet)]
[OutputType(typeof(PredictionResult), typeof(TilePrediction), typeof(TranslationResult))]
[OutputType(typeof(Micrograph), ParameterSetName = new[] { GenerateSet })]
public sealed class InvokeCellModelCommand : TorchCommand, IDisposable
{
    private const int ProgressId = 4;
    private const string PredictSet = "Predict";
    private const string GenerateSet = "Generate";
    private readonly List<Micrograph> _micrographs = new();
    private readonly CancellationTokenSource _stop = new();
    private ModelPackage? _package;
    private LoadedModel? _model;
    private string _modelName = "";
    private CellOps.Runtime.Generation.LoadedGenerator? _generator;
    private GroupByArgument? _groups;

    /// <summary>The model: a .cellmodel path, or a TrainedModel from Start-CellTraining.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public object Model { get; set; } = "";

    /// <summary>TileSets or Micrographs to predict; micrographs are cut into tiles as the package says.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PredictSet)]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = Array.Empty<object>();

    /// <summary>With a generator package (e.g. Leukocyte.DCGAN): the number of synthetic micrographs to make, marked synthetic in their metadata.</summary>
    [Parameter(Mandatory = true, ParameterSetName = GenerateSet)]
    [ValidateRange(1, 1_000_000)]
    public int Count { get; set; }

    /// <summary>With -Count: the seed of the latent vectors (the same seed, the same micrographs); default a random one, recorded in each micrograph.</summary>
    [Parameter(ParameterSetName = GenerateSet)]
    public long Seed { get; set; }

    /// <summary>Tiles per batch.</summary>
    [Parameter]
    [ValidateRange(1, 65536)]
    public int BatchSize { get; set; } = 64;

    /// <summary>Emit one TilePrediction per tile instead of one PredictionResult per input.</summary>
    [Parameter]
    public SwitchParameter PerTile { get; set; }

    /// <summary>
    /// Micrographs given to a dense or centre-pixel model are cut into tiles centred every -Stride pixels, reflected at
    /// the edges, so the map covers the whole image (default: half the tile size for dense models, an eighth for
    /// centre-pixel classifiers, whose predictions each cover the stride-wide block around their tile's centre).
    /// </summary>
    [Parameter(ParameterSetName = PredictSet)]
    [ValidateRange(1, 65536)]
    public int Stride { get; set; }

    /// <summary>
    /// Threshold that binarizes paired (fluorescence) images for the measured efficiency; by default
    /// Otsu's threshold of each pair, as New-TileSet -Target Label uses.
    /// </summary>
    [Parameter]
    public double? PairThreshold { get; set; }

    /// <summary>
    /// What the per-group metrics (PredictionResult.Groups) group micrographs by: the name of a metadata entry (e.g. Day or
    /// Donor, set with Import-Micrograph -Metadata), or a script block given the micrograph as $_; by default the
    /// CellOps.TimePoint entry, so a time course is evaluated per time point. Alias: -TimePoint.
    /// </summary>
    [Parameter(ParameterSetName = PredictSet)]
    [Alias("TimePoint")]
    [ValidateNotNullOrEmpty]
    public object? GroupBy { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        // Checked before the package is opened, so a mistyped argument costs nothing.
        _groups = new GroupByArgument(this, GroupBy);
        _package = ModelLoading.Open(this, Model, nameof(Model));
        string path = _package.Path;
        var manifest = _package.Manifest;
        _modelName = $"{manifest.PluginId}.{manifest.ModelName}";
        var handle = ModelLoading.Resolve(this, _package, LoadCatalog());

        var compute = CreateCompute();
        if (ParameterSetName == GenerateSet || handle.Model.Task == ModelTask.Generation)
        {
            if (ParameterSetName != GenerateSet)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"{_modelName} generates micrographs rather than predicting them: give -Count (and -Seed) instead of input."),
                    "GeneratorNeedsCount", ErrorCategory.InvalidArgument, path));
            }
            _generator = GenerationInvocation.Load(this, _package, handle, compute);
            return;
        }
        _model = ModelLoading.Load(this, _package, handle, compute);
        WriteVerbose($"Loaded {_modelName} from {path} on {compute}{(_model?.ChannelsLast == true ? ", channels-last" : "")}.");
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            switch (item is PSObject wrapped ? wrapped.BaseObject : item)
            {
                case TileSet tiles when _model?.Manifest.TargetScaling is not null:
                    WriteError(new ErrorRecord(
                        new ArgumentException($"{_modelName} translates whole micrographs: give it Micrographs (Import-Micrograph), not a TileSet; it predicts overlapping tiles and blends them itself."),
                        "TranslationNeedsMicrographs", ErrorCategory.InvalidArgument, tiles));
                    break;
                case TileSet tiles:
                    Predict(tiles);
                    break;
                case Micrograph micrograph:
                    _micrographs.Add(micrograph);
                    break;
                case null:
                    break;
                default:
                    WriteError(new ErrorRecord(
                        new ArgumentException($"Invoke-CellModel takes TileSets (New-TileSet) or Micrographs (Import-Micrograph), not {item.GetType().Name}."),
                        "UnsupportedInput", ErrorCategory.InvalidType, item));
                    break;
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_generator is not null)
        {
            GenerationInvocation.Run(this, _generator, Count, Bound(nameof(Seed)) ? Seed : Random.Shared.Next(1, 100_000), BatchSize, _stop.Token);
            return;
        }
        if (_micrographs.Count == 0 || _model is null) return;
        var manifest = _model.Manifest;
        if (manifest.TargetScaling is not null)
        {
            Translate();
            return;
        }
        // Label targets come from the pairs where every micrograph has one, so the result can be evaluated;
        // a model trained on whole cell crops sees each micrograph whole, resized, as in training.
        InferenceTiling tiling;
        try
        {
            tiling = InferenceTiling.ForPrediction(manifest, Stride, labelled: _micrographs.All(m => m.Pair is not null));
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "StrideTooLarge", ErrorCategory.InvalidArgument, Stride));
            return;
        }
        var builder = new TileSetBuilder(tiling.Options);
        try
        {
            foreach (var micrograph in _micrographs) MicrographTiling.Add(this, builder, micrograph, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (builder.TileCount > 0) Predict(builder.Build());
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _stop.Cancel();

    /// <inheritdoc />
    public void Dispose()
    {
        _model?.Dispose();
        _generator?.Dispose();
        _package?.Dispose();
        _stop.Dispose();
    }

    private static bool ReadsFrom(Micrograph micrograph, string path) =>
        string.Equals(micrograph.Path, path, StringComparison.Ordinal) || string.Equals(micrograph.Pair?.Path, path, StringComparison.Ordinal);

    private void Predict(TileSet tiles)
    {
        var model = _model!;
        if (!ModelLoading.FitsTiles(this, model, _modelName, tiles)) return;

        PredictionOutput? output = null;
        MapStreams? streams = null;
        string activity = $"Predicting with {_modelName}";
        while (output is null)
        {
            streams?.Dispose();
            // A dense model over a whole slide builds its maps as it predicts, so its cells are never all held.
            streams = MapStreams.Needed(model.Manifest, tiles) ? new MapStreams(tiles, model.Manifest.ClassNames) : null;
            try
            {
                output = model.Predict(tiles.Tiles, tiles.EdgePolicy, BatchSize, _stop.Token, (done, all) =>
                    WriteProgress(new ProgressRecord(ProgressId, activity, $"{done} of {all} tiles") { PercentComplete = all == 0 ? 100 : done * 100 / all }),
                    streams is null ? null : streams.Add);
            }
            catch (ArgumentException ex)
            {
                WriteError(new ErrorRecord(ex, "InvalidTiles", ErrorCategory.InvalidData, tiles));
                return;
            }
            catch (LibTorchException ex)
            {
                WriteError(new ErrorRecord(ex, "LibTorchFailed", ErrorCategory.InvalidOperation, tiles));
                return;
            }
            catch (MicrographReadException ex)
            {
                // Pixels are read as prediction goes, so a damaged strip shows up only here. It costs
                // its own micrograph, not the batch: report it, drop that micrograph's tiles, and
                // predict the rest again (the failure path; a clean run reads every file once).
                WriteError(MicrographErrors.From(ex));
                var damaged = tiles.Sources.Where(m => ReadsFrom(m, ex.Path)).ToHashSet();
                if (damaged.Count == 0) return;
                var kept = tiles.Tiles.Where(t => !damaged.Contains(t.Source)).ToList();
                if (kept.Count == 0) return;
                WriteVerbose($"Predicting the other {tiles.Sources.Count - damaged.Count} micrograph(s) without {ex.Path}.");
                tiles = tiles.WithTiles(kept, tiles.Sources.Where(m => !damaged.Contains(m)).ToList());
            }
            finally
            {
                WriteProgress(new ProgressRecord(ProgressId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
            if (_stop.IsCancellationRequested) return;
        }

        var manifest = model.Manifest;
        MapFootprint? footprint = InferenceTiling.Footprint(manifest, tiles);
        var coding = manifest.Coding();
        var truth = coding is null ? null : new SegmentationTruth(coding);
        var maps = streams?.Finish(tiles.Tiles, output.Completed);
        var result = PredictionResult.Create(_modelName, tiles.Tiles, output, manifest.ClassNames, MeasureEfficiency, footprint,
            truth: null, coding, _groups!.Reader(), _groups.GroupedBy, maps);
        if (truth is not null) result = TruthReading.Score(this, result, truth, _stop.Token);
        _groups.WarnOfMissing(result.Micrographs);
        if (PerTile)
        {
            foreach (var tile in result.Tiles) WriteObject(tile);
        }
        else
        {
            WriteObject(result);
        }
    }

    // Each micrograph is predicted whole (overlapping tiles blended) and fails alone: a damaged file costs
    // only its own prediction.
    private void Translate()
    {
        var model = _model!;
        int size = model.Manifest.TileSize;
        int stride = 0;
        try
        {
            stride = InferenceTiling.TranslationStride(model.Manifest, Stride);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "StrideTooLarge", ErrorCategory.InvalidArgument, Stride));
        }
        string activity = $"Predicting with {_modelName}";
        var predicted = new List<PredictedImage>();
        bool complete = true;
        for (int i = 0; i < _micrographs.Count; i++)
        {
            var micrograph = _micrographs[i];
            try
            {
                var image = TranslationPredictor.Predict(model, micrograph, stride, BatchSize, _stop.Token, (done, all) =>
                    WriteProgress(new ProgressRecord(ProgressId, activity, $"{micrograph.Name} ({i + 1} of {_micrographs.Count}): {done} of {all} tiles")
                    {
                        PercentComplete = (int)((i + (double)done / Math.Max(1, all)) * 100 / _micrographs.Count),
                    }));
                WriteVerbose($"{micrograph.Name}: {image.TileCount} tiles of {size}×{size}, stride {stride}, in {image.Elapsed.TotalSeconds:F1} s.");
                predicted.Add(image);
                Score(image);
            }
            catch (OperationCanceledException)
            {
                complete = false;
                break;
            }
            catch (ArgumentException ex)
            {
                WriteError(new ErrorRecord(ex, "MicrographIncompatible", ErrorCategory.InvalidData, micrograph));
            }
            catch (MicrographReadException ex)
            {
                WriteError(MicrographErrors.From(ex, micrograph.Path ?? micrograph.Name));
            }
            catch (LibTorchException ex)
            {
                WriteError(new ErrorRecord(ex, "LibTorchFailed", ErrorCategory.InvalidOperation, micrograph));
            }
            catch (IOException ex)
            {
                WriteError(new ErrorRecord(
                    new IOException($"Could not hold the prediction of {micrograph.Name} on disk (in {System.IO.Path.GetTempPath()}): {ex.Message}", ex),
                    "SpoolFailed", ErrorCategory.WriteError, micrograph));
            }
        }
        WriteProgress(new ProgressRecord(ProgressId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        if (predicted.Count > 0) WriteObject(new TranslationResult(_modelName, predicted, complete));
    }

    // A prediction whose target cannot be scored keeps its prediction; the error says why.
    private void Score(PredictedImage image)
    {
        try
        {
            image.Score(_stop.Token);
        }
        catch (MicrographReadException ex)
        {
            WriteError(MicrographErrors.From(ex));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException)
        {
            WriteError(new ErrorRecord(ex, "TargetNotScored", ErrorCategory.InvalidData, image.Truth));
        }
    }

    // The efficiency measured from a micrograph's pair; a pair that cannot be read costs only its own measurement.
    private double? MeasureEfficiency(Micrograph micrograph)
    {
        if (micrograph.Pair is not { } pair) return null;
        try
        {
            return BinarizedArea.Measure(pair, 0, PairThreshold, _stop.Token).Fraction;
        }
        catch (MicrographReadException ex)
        {
            WriteError(MicrographErrors.From(ex));
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
