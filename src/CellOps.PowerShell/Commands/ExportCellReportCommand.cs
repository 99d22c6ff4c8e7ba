using System.Management.Automation;
using CellOps.PowerShell.Internal;
using CellOps.Reporting;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Training;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Writes an evaluation report of Invoke-CellModel results: ROC, confusion matrix, training curves and efficiency figures, with their numbers.</para>
/// <para type="description">Collects the PredictionResults from the pipeline into one report and writes PNG figures (roc.png,
/// confusion.png, training.png, efficiency.png) and the numbers behind them (metrics.json and CSV tables) into -OutputDirectory.
/// Figures that have no data (no labels, no training run, no measured efficiency) are left out. Existing files are kept unless -Force is given.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "CellReport", SupportsShouldProcess = true)]
[OutputType(typeof(CellReport))]
public sealed class ExportCellReportCommand : PSCmdlet
{
    private readonly List<PredictionResult> _results = new();

    /// <summary>PredictionResults from Invoke-CellModel.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PredictionResult[] InputObject { get; set; } = Array.Empty<PredictionResult>();

    /// <summary>The folder to write the report into; created if missing.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string OutputDirectory { get; set; } = "";

    /// <summary>The training run to draw curves of: a TrainedModel from Start-CellTraining or a .cellmodel path.</summary>
    [Parameter]
    public object? TrainedModel { get; set; }

    /// <summary>Binarizes paired images when the stain is scored against them; by default Otsu's threshold of each pair.</summary>
    [Parameter]
    public double? PairThreshold { get; set; }

    /// <summary>Replace files that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emit a CellReport naming the files and headline numbers.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord() => _results.AddRange(InputObject.Where(r => r is not null));

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_results.Count == 0) return;
        var epochs = Epochs();
        EvaluationReport report;
        try
        {
            report = EvaluationReport.Create(_results, epochs, PairThreshold);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidReportInput", ErrorCategory.InvalidArgument, _results));
            return;
        }
        catch (MicrographReadException ex)
        {
            ThrowTerminatingError(MicrographErrors.From(ex));
            return;
        }

        string folder = FileSystemPaths.ToFullPath(this, OutputDirectory);
        var paths = ReportFiles.For(report).Select(name => System.IO.Path.Combine(folder, name)).ToArray();
        if (!Force && paths.FirstOrDefault(File.Exists) is { } existing)
        {
            ThrowTerminatingError(new ErrorRecord(new IOException($"{existing} already exists; use -Force to replace the report."),
                "OutputExists", ErrorCategory.ResourceExists, existing));
            return;
        }
        if (!ShouldProcess(folder, $"Write the evaluation report of {report.Model} ({string.Join(", ", paths.Select(System.IO.Path.GetFileName))})")) return;

        WriteProgress(new ProgressRecord(6, "Writing evaluation report", folder));
        try
        {
            var written = ReportWriter.Write(report, folder);
            WriteVerbose($"Wrote {string.Join(", ", written)}.");
            if (PassThru) WriteObject(new CellReport(folder, written, report));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(new IOException($"Could not write the report to {folder}: {ex.Message}", ex),
                "WriteFailed", ErrorCategory.WriteError, folder));
        }
        finally
        {
            WriteProgress(new ProgressRecord(6, "Writing evaluation report", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private IReadOnlyList<EpochRecord>? Epochs()
    {
        switch (TrainedModel is PSObject wrapped ? wrapped.BaseObject : TrainedModel)
        {
            case null:
                return null;
            case TrainedModel run:
                // The run's own record: nothing to read, and it has epochs even where no package was written.
                return run.EpochMetrics;
        }
        string path = PackageArgument.ToPath(this, TrainedModel!, nameof(TrainedModel));
        try
        {
            using var package = ModelPackage.Open(path, CellOps.Sdk.SdkVersion.Current);
            return package.Manifest.EpochMetrics.Select(EpochRecord.FromMetrics).ToArray();
        }
        catch (ModelPackageException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "ModelPackageInvalid", ErrorCategory.InvalidData, path));
            return null;
        }
    }
}
