using System.Management.Automation;
using CellOps.PowerShell.Internal;
using CellOps.Reporting;
using CellOps.Runtime.Inference;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Training;
using CellOps.Runtime.Translation;
using CellOps.Sdk.Imaging;

namespace CellOps.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Writes an evaluation report of Invoke-CellModel results: ROC, confusion matrix, training curves and efficiency figures, with their numbers; or, for image translation, the intensity and positive-area figures per channel with the scores.</para>
/// <para type="description">Collects the PredictionResults (or the TranslationResults) from the pipeline into one report and writes PNG figures
/// and the numbers behind them (metrics.json and CSV tables) into -OutputDirectory; where micrographs carry time points, the metrics per
/// time point (groups.csv) and the efficiencies over time (groups.png). Figures that have no data (no labels, no training run,
/// no measured target, fewer than two time points) are left out. Existing files are kept unless -Force is given.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "CellReport", SupportsShouldProcess = true)]
[OutputType(typeof(CellReport), typeof(CellTranslationReport))]
public sealed class ExportCellReportCommand : PSCmdlet
{
    private readonly List<PredictionResult> _predictions = new();
    private readonly List<TranslationResult> _translations = new();

    /// <summary>PredictionResults or TranslationResults from Invoke-CellModel (one kind per report).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object[] InputObject { get; set; } = Array.Empty<object>();

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

    /// <summary>
    /// Regroups the results before reporting: the name of a metadata entry (a time point, a donor), or a script block given
    /// each micrograph as $_. By default the groups Invoke-CellModel gave the micrographs are kept. Alias: -TimePoint.
    /// </summary>
    [Parameter]
    [Alias("TimePoint")]
    [ValidateNotNullOrEmpty]
    public object? GroupBy { get; set; }

    /// <summary>Replace files that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emit a CellReport (or CellTranslationReport) naming the files and headline numbers.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            switch (item is PSObject wrapped ? wrapped.BaseObject : item)
            {
                case null:
                    break;
                case PredictionResult prediction:
                    _predictions.Add(prediction);
                    break;
                case TranslationResult translation:
                    _translations.Add(translation);
                    break;
                case var other:
                    WriteError(new ErrorRecord(
                        new ArgumentException($"Export-CellReport reports on the PredictionResults and TranslationResults of Invoke-CellModel; got a {other.GetType().FullName}."),
                        "UnsupportedInput", ErrorCategory.InvalidArgument, item));
                    break;
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_predictions.Count > 0 && _translations.Count > 0)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"A report covers one kind of result; got {_predictions.Count} PredictionResult(s) and {_translations.Count} TranslationResult(s). " +
                                      "Write each kind into its own -OutputDirectory."),
                "MixedReportInput", ErrorCategory.InvalidArgument, _predictions.Cast<object>().Concat(_translations).ToArray()));
        }
        if (_predictions.Count > 0) ReportPredictions();
        else if (_translations.Count > 0) ReportTranslations();
    }

    private void ReportPredictions()
    {
        var epochs = Epochs();
        var results = _predictions;
        if (GroupBy is not null)
        {
            var groups = new GroupByArgument(this, GroupBy);
            var reader = groups.Reader();
            results = _predictions.Select(p => p.WithGroups(reader, groups.GroupedBy)).ToList();
            groups.WarnOfMissing(results.SelectMany(r => r.Micrographs).ToArray());
        }
        EvaluationReport report;
        try
        {
            report = EvaluationReport.Create(results, epochs, PairThreshold);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidReportInput", ErrorCategory.InvalidArgument, _predictions));
            return;
        }
        catch (MicrographReadException ex)
        {
            ThrowTerminatingError(MicrographErrors.From(ex));
            return;
        }
        WriteReport(report.Model, ReportFiles.For(report), folder => ReportWriter.Write(report, folder), (folder, written) => new CellReport(folder, written, report));
    }

    private void ReportTranslations()
    {
        var epochs = Epochs();
        TranslationReport report;
        try
        {
            report = TranslationReport.Create(_translations, epochs);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidReportInput", ErrorCategory.InvalidArgument, _translations));
            return;
        }
        if (PairThreshold is not null) WriteWarning("-PairThreshold binarizes the pairs of classifier reports; translation scores binarize each image at its own Otsu threshold.");
        if (GroupBy is not null) WriteWarning("-GroupBy groups the micrographs of classifier reports; a translation report has no per-group metrics.");
        if (report.Scores is null) WriteWarning("No micrograph had a measured target (a pair): the report holds no scores.");
        if (!report.Complete) WriteWarning("The prediction was stopped before every micrograph was predicted: the report covers those that were.");
        WriteReport(report.Model, ReportFiles.For(report), folder => TranslationReportWriter.Write(report, folder),
            (folder, written) => new CellTranslationReport(folder, written, report));
    }

    // Either kind of report is written the same way: nothing replaced without -Force, nothing at all under -WhatIf.
    private void WriteReport(string model, IReadOnlyList<string> names, Func<string, IReadOnlyList<string>> write, Func<string, IReadOnlyList<string>, object> record)
    {
        string folder = FileSystemPaths.ToFullPath(this, OutputDirectory);
        var paths = names.Select(name => System.IO.Path.Combine(folder, name)).ToArray();
        if (!Force && paths.FirstOrDefault(File.Exists) is { } existing)
        {
            ThrowTerminatingError(new ErrorRecord(new IOException($"{existing} already exists; use -Force to replace the report."),
                "OutputExists", ErrorCategory.ResourceExists, existing));
            return;
        }
        if (!ShouldProcess(folder, $"Write the evaluation report of {model} ({string.Join(", ", names)})")) return;

        WriteProgress(new ProgressRecord(6, "Writing evaluation report", folder));
        try
        {
            var written = write(folder);
            WriteVerbose($"Wrote {string.Join(", ", written)}.");
            if (PassThru) WriteObject(record(folder, written));
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
