using System.Collections;
using System.Management.Automation;
using CellOps.PluginHost;
using CellOps.PowerShell.Completion;
using CellOps.PowerShell.Internal;
using CellOps.Runtime.Importing;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Weights;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Turns weights trained elsewhere (a PyTorch state dict or a safetensors file) into a CellOps model package.</para>
/// <para type="description">Reads each weight file without running anything in it (only tensors are accepted), matches every tensor
/// to the chosen model's network by name and shape, and writes a .cellmodel that Invoke-CellModel predicts with and
/// Start-CellTraining -From fine-tunes. The package records the file's name and SHA-256.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "CellModel", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(ImportedModel))]
public sealed class ConvertToCellModelCommand : TorchCommand
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private PluginCatalog? _catalog;
    private ModelHandle? _handle;
    private Dictionary<string, double>? _hyperParameters;
    private ComputeContext? _compute;
    private int _converted;

    /// <summary>The weight files (wildcards allowed).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>The weight files, taken literally.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>The model whose network the weights fit, PluginId.ModelName (e.g. NeuralFate.ResNet50).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ModelNameCompleter))]
    public string Model { get; set; } = "";

    /// <summary>The package to write; by default the weight file's name with .cellmodel, beside it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>The classes the file's classifier predicts, in output order; by default the model's where the counts agree, else class0, class1, …</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ClassName { get; set; }

    /// <summary>Hyperparameters that shape the network (e.g. @{ Dropout = 0.2 }); the rest keep their defaults.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(HyperParameterCompleter))]
    public Hashtable? HyperParameter { get; set; }

    /// <summary>The tile size the package predicts at (models that take any size); by default the model's suggested size.</summary>
    [Parameter]
    [ValidateRange(8, 4096)]
    public int TileSize { get; set; }

    /// <summary>The package classifies whole images (cell crops resized to the tile size), as New-TileSet -WholeImage cuts them.</summary>
    [Parameter]
    public SwitchParameter WholeImage { get; set; }

    /// <summary>Replace a package that already exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _catalog = LoadCatalog();
        try
        {
            _handle = _catalog.ResolveModel(Model);
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
        try
        {
            _hyperParameters = HyperParameterTable.Read(HyperParameter, _handle.Model.HyperParameters);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidHyperParameter", ErrorCategory.InvalidArgument, HyperParameter));
        }
        _compute = CreateCompute();
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        foreach (var argument in literal ? LiteralPath : Path)
        {
            foreach (var file in FileSystemPaths.Resolve(this, argument, literal, "WeightFileNotFound"))
            {
                if (Stopping) return;
                Convert(file);
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing() =>
        WriteProgress(new ProgressRecord(1, $"Converting weights to {Model}", "Done") { RecordType = ProgressRecordType.Completed });

    private void Convert(string file)
    {
        if (!File.Exists(file))
        {
            WriteError(new ErrorRecord(new FileNotFoundException($"The weight file '{file}' does not exist.", file),
                "WeightFileNotFound", ErrorCategory.ObjectNotFound, file));
            return;
        }
        if (OutFile is not null && _converted > 0)
        {
            WriteError(new ErrorRecord(new ArgumentException($"-OutFile names one package; '{file}' is a second weight file. Leave out -OutFile to write each beside its file."),
                "OutFileForManyInputs", ErrorCategory.InvalidArgument, file));
            return;
        }
        string outFile = OutFile is null
            ? System.IO.Path.ChangeExtension(file, ".cellmodel")
            : FileSystemPaths.ToFullPath(this, OutFile);
        if (OutputFile.Problem(outFile, Force, nameof(OutFile)) is { } problem)
        {
            WriteError(problem);
            return;
        }
        if (!ShouldProcess(outFile, $"Convert the weights in {System.IO.Path.GetFileName(file)} into a {_handle!.QualifiedName} package")) return;

        WriteProgress(new ProgressRecord(1, $"Converting weights to {_handle.QualifiedName}", System.IO.Path.GetFileName(file)));
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(outFile)!);
            var imported = WeightImport.Run(new WeightImportRequest
            {
                Plugin = _handle.Plugin,
                Model = _handle.Model,
                WeightsPath = file,
                HyperParameters = _hyperParameters,
                ClassNames = ClassName,
                TileSize = Bound(nameof(TileSize)) ? TileSize : null,
                WholeImages = WholeImage,
                Compute = _compute!,
                Verbose = WriteVerbose,
            }, outFile);
            _converted++;
            WriteObject(imported);
        }
        catch (UnsafeWeightFileException ex)
        {
            WriteError(new ErrorRecord(ex, "UnsafeWeightFile", ErrorCategory.SecurityError, file));
        }
        catch (WeightFileException ex)
        {
            WriteError(new ErrorRecord(ex, "WeightFileInvalid", ErrorCategory.InvalidData, file));
        }
        catch (WeightMismatchException ex)
        {
            WriteError(new ErrorRecord(new InvalidDataException($"{ex.Message}{Environment.NewLine}Is {System.IO.Path.GetFileName(file)} a {_handle.QualifiedName} of another architecture or size?", ex),
                "WeightMismatch", ErrorCategory.InvalidData, file));
        }
        catch (WeightImportException ex)
        {
            WriteError(new ErrorRecord(ex, "WeightImportInvalid", ErrorCategory.InvalidArgument, file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(ex, "ModelPackageWriteFailed", ErrorCategory.WriteError, outFile));
        }
    }
}
