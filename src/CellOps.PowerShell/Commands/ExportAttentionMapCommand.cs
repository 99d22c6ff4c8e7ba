using System.Management.Automation;
using CellOps.Imaging.Tiling;
using CellOps.PowerShell.Completion;
using CellOps.PowerShell.Internal;
using CellOps.Runtime.Attention;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Torch;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Models;
using CellOps.Sdk.Tiling;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Shows where a tile classifier looks: writes a Grad-CAM attention map of each tile as a colour overlay PNG.</para>
/// <para type="description">Computes, for each tile (or each micrograph, cut as the package says), the gradient-weighted class activation
/// map of the model's last convolutional feature map for the predicted class (or -Class) and writes the tile tinted by it to
/// NAME.attention.png in -Path, with -IncludeMap also the map alone. Emits an AttentionMap per tile.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "AttentionMap", SupportsShouldProcess = true)]
[OutputType(typeof(AttentionMap))]
public sealed class ExportAttentionMapCommand : TorchCommand, IDisposable
{
    private const int ProgressId = 6;
    private const string Activity = "Writing attention maps";
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private ModelPackage? _package;
    private LoadedModel? _model;
    private AttentionExplainer? _explainer;
    private int? _class;
    private string _folder = "";
    private string _modelName = "";
    private int _done;

    /// <summary>The model: a .cellmodel path, or a TrainedModel from Start-CellTraining.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public object Model { get; set; } = "";

    /// <summary>TileSets or Micrographs; micrographs are cut into tiles as the package says (whole, for whole-image models).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = Array.Empty<object>();

    /// <summary>Folder for the PNGs (created if missing).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The class whose evidence to show (a class name of the model); default each tile's predicted class.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ModelClassCompleter))]
    public string? Class { get; set; }

    /// <summary>Strength of the overlay where the map is strongest, 0 to 1 (default 0.6).</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double Opacity { get; set; } = 0.6;

    /// <summary>Also write the map alone, NAME.attention-map.png.</summary>
    [Parameter]
    public SwitchParameter IncludeMap { get; set; }

    /// <summary>Tiles per batch.</summary>
    [Parameter]
    [ValidateRange(1, 4096)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Replace files that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _folder = FileSystemPaths.ToFullPath(this, Path);
        var package = _package = ModelLoading.Open(this, Model, nameof(Model));
        var manifest = package.Manifest;
        _modelName = $"{manifest.PluginId}.{manifest.ModelName}";
        // The package says what it predicts: a model that is no tile classifier is refused before its plugin is loaded.
        if (manifest.Task != ModelTask.TileClassification || manifest.TargetScaling is not null || manifest.OutputGrids is { Count: > 0 })
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"{_modelName} does not classify tiles (it is a {manifest.Task} model); attention maps explain tile classifiers, which give one class per tile."),
                "NotAClassifier", ErrorCategory.InvalidArgument, package.Path));
        }
        if (Class is not null)
        {
            int index = manifest.ClassNames.ToList().FindIndex(n => string.Equals(n, Class, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"{_modelName} has no class '{Class}'; its classes are {string.Join(", ", manifest.ClassNames)}."),
                    "UnknownClass", ErrorCategory.InvalidArgument, Class));
            }
            _class = index;
        }
        var handle = ModelLoading.Resolve(this, package, LoadCatalog());
        var compute = CreateCompute();
        _model = ModelLoading.Load(this, package, handle, compute);
        if (AttentionExplainer.Unsupported(_model) is { } reason)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(reason), "NotAClassifier", ErrorCategory.InvalidArgument, package.Path));
        }
        _explainer = new AttentionExplainer(_model);
        WriteVerbose($"Loaded {_modelName} on {compute}.");
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            if (_stop.IsCancellationRequested) return;
            switch (item is PSObject wrapped ? wrapped.BaseObject : item)
            {
                case TileSet tiles:
                    Export(tiles);
                    break;
                case Micrograph micrograph:
                    if (Cut(micrograph) is { } cut) Export(cut);
                    break;
                case null:
                    break;
                default:
                    WriteError(new ErrorRecord(
                        new ArgumentException($"Export-AttentionMap takes TileSets (New-TileSet) or Micrographs (Import-Micrograph), not {item.GetType().Name}."),
                        "UnsupportedInput", ErrorCategory.InvalidType, item));
                    break;
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing() =>
        WriteProgress(new ProgressRecord(ProgressId, Activity, "Done") { RecordType = ProgressRecordType.Completed });

    /// <inheritdoc />
    protected override void StopProcessing() => _stop.Cancel();

    /// <inheritdoc />
    public void Dispose()
    {
        _model?.Dispose();
        _package?.Dispose();
        _stop.Dispose();
    }

    // A micrograph is cut as Invoke-CellModel cuts it for a classifier: whole for a whole-image model, else into grid tiles.
    private TileSet? Cut(Micrograph micrograph)
    {
        var manifest = _model!.Manifest;
        var builder = new TileSetBuilder(new TilingOptions(manifest.TileSize) { WholeImage = manifest.WholeImages, EdgePolicy = EdgePolicy.Drop });
        try
        {
            if (MicrographTiling.Add(this, builder, micrograph, _stop.Token) is null) return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        return builder.TileCount > 0 ? builder.Build() : null;
    }

    private void Export(TileSet tiles)
    {
        if (!ModelLoading.FitsTiles(this, _model!, _modelName, tiles)) return;
        // Which tiles to write is settled first, so -WhatIf and kept files cost no computation.
        var chosen = new List<(Tile Tile, AttentionMapFiles Files)>();
        foreach (var tile in tiles.Tiles)
        {
            var files = AttentionMapFiles.For(_folder, tile, tiles.WholeImages);
            if (CanWrite(tile, files)) chosen.Add((tile, files));
        }
        if (chosen.Count == 0) return;
        try
        {
            Directory.CreateDirectory(_folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "OutputFolderFailed", ErrorCategory.WriteError, _folder));
        }

        int index = 0;
        try
        {
            foreach (var attention in _explainer!.Explain(chosen.Select(c => c.Tile).ToArray(), tiles.EdgePolicy, _class, BatchSize, _stop.Token))
            {
                var files = chosen[index++].Files;
                Write(attention, files, tiles.EdgePolicy);
                _done++;
                WriteProgress(new ProgressRecord(ProgressId, Activity, $"{attention.Tile.Source.Name}: {index} of {chosen.Count} tiles ({_done} written)")
                {
                    PercentComplete = index * 100 / chosen.Count,
                });
                if (_stop.IsCancellationRequested) return;
            }
            if (index == 0 || _explainer.Layer is null) return;
            WriteVerbose($"{_modelName}: explained the feature map of {_explainer.Layer}.");
        }
        catch (ArgumentException ex)
        {
            WriteError(new ErrorRecord(ex, "InvalidTiles", ErrorCategory.InvalidData, tiles));
        }
        catch (InvalidOperationException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "NoFeatureMap", ErrorCategory.InvalidResult, _package!.Path));
        }
        catch (LibTorchException ex)
        {
            WriteError(new ErrorRecord(ex, "LibTorchFailed", ErrorCategory.InvalidOperation, tiles));
        }
        catch (MicrographReadException ex)
        {
            WriteError(MicrographErrors.From(ex));
        }
    }

    private void Write(TileAttention attention, AttentionMapFiles files, EdgePolicy edgePolicy)
    {
        try
        {
            WriteObject(AttentionMapWriter.Write(attention, _model!.Manifest.ClassNames, files, edgePolicy, Opacity, IncludeMap));
        }
        catch (MicrographReadException ex)
        {
            WriteError(MicrographErrors.From(ex));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(
                new IOException($"Could not write the attention map of {attention.Tile} to {files.Overlay}: {ex.Message}", ex),
                "WriteFailed", ErrorCategory.WriteError, files.Overlay));
        }
    }

    // The checks each tile's files pass before anything is computed; false after writing the error.
    private bool CanWrite(Tile tile, AttentionMapFiles files)
    {
        if (!_written.Add(files.Overlay))
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"{files.Overlay} was already written by this command; two tiles share the micrograph name {tile.Source.Name} and position."),
                "DuplicateTileName", ErrorCategory.ResourceExists, files.Overlay));
            return false;
        }
        var paths = IncludeMap ? new[] { files.Overlay, files.Map } : new[] { files.Overlay };
        if (paths.Select(p => OutputFile.Problem(p, Force, nameof(Path))).FirstOrDefault(e => e is not null) is { } problem)
        {
            WriteError(problem);
            return false;
        }
        return ShouldProcess(string.Join(", ", paths), $"Write the attention map of {tile}");
    }
}
