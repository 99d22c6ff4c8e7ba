using System.Diagnostics;
using System.Management.Automation;
using CellOps.PluginHost;
using CellOps.Runtime.Data;
using CellOps.Runtime.Search;
using CellOps.Runtime.Torch;
using CellOps.Runtime.Training;
using CellOps.Sdk.Imaging;
using CellOps.Sdk.Training;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// Start-CellTraining -Optimize: runs a <see cref="TrainingSearch"/> trial by trial, emitting each
/// trial as it completes, with one progress bar for the whole search and the running trial's
/// epochs as its child; then writes the best trial's package and emits it as a TrainedModel. A
/// stopped search (Ctrl+C) keeps its completed trials and still writes the best of them.
/// </summary>
internal sealed class SearchInvocation
{
    private const int SearchProgressId = 4;
    private const int TrialProgressId = 3;
    private readonly PSCmdlet _cmdlet;
    private readonly ModelHandle _handle;
    private readonly ComputeContext _compute;
    private readonly Stopwatch _searchClock = new();
    private readonly Stopwatch _trialClock = new();
    private TrainingSearch? _search;

    private SearchInvocation(PSCmdlet cmdlet, ModelHandle handle, ComputeContext compute)
    {
        _cmdlet = cmdlet;
        _handle = handle;
        _compute = compute;
    }

    private string Activity => $"Searching hyperparameters of {_handle.QualifiedName}";

    /// <summary>Runs the search and writes the best model to <paramref name="outFile"/>.</summary>
    /// <param name="cmdlet">Writes objects, progress, warnings and errors.</param>
    /// <param name="handle">The model.</param>
    /// <param name="request">The training every trial starts from (its progress is replaced).</param>
    /// <param name="trials">Trials to run.</param>
    /// <param name="initialTrials">Random trials first, or null for the default.</param>
    /// <param name="outFile">The package to write (full path).</param>
    public static void Run(PSCmdlet cmdlet, ModelHandle handle, TrainingRequest request, int trials, int? initialTrials, string outFile) =>
        new SearchInvocation(cmdlet, handle, request.Compute).Search(request, trials, initialTrials, outFile);

    private void Search(TrainingRequest request, int trials, int? initialTrials, string outFile)
    {
        try
        {
            _search = new TrainingSearch(request with { Progress = ReportTrial }, trials, initialTrials);
        }
        catch (ArgumentException ex)
        {
            _cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "InvalidSearch", ErrorCategory.InvalidArgument, _handle.QualifiedName));
            return;
        }

        using var search = _search;
        _cmdlet.WriteVerbose($"Searching {string.Join(", ", search.Space.Dimensions.Select(d => $"{d.Parameter.Name} [{d.Parameter.Range}]"))} " +
                             $"in {search.PlannedTrials} trials, the first {Math.Min(search.InitialTrials, search.PlannedTrials)} random; score: validation loss of the epoch each trial keeps.");
        ErrorRecord? failure = null;
        _searchClock.Start();
        try
        {
            while (!search.IsFinished)
            {
                _trialClock.Restart();
                ReportSearch(0);
                var trial = search.RunNext();
                if (trial is null) break;
                if (!double.IsFinite(trial.Score)) _cmdlet.WriteWarning($"Trial {trial.Number} ({trial.Searched}) failed: {trial.Note}");
                _cmdlet.WriteObject(trial);
            }
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C while writing: the trial under way is lost, the completed ones are kept below.
        }
        catch (HoldOutGroupException ex)
        {
            failure = HoldOutArgument.GroupMissing(ex);
        }
        catch (ArgumentException ex)
        {
            failure = new ErrorRecord(ex, "InvalidTrainingInput", ErrorCategory.InvalidArgument, request.Tiles);
        }
        catch (InvalidNetworkException ex)
        {
            failure = new ErrorRecord(ex, "InvalidNetwork", ErrorCategory.InvalidResult, _handle.QualifiedName);
        }
        catch (LibTorchException ex)
        {
            failure = new ErrorRecord(ex, "LibTorchFailed", ErrorCategory.InvalidOperation, _handle.QualifiedName);
        }
        catch (MicrographReadException ex)
        {
            failure = MicrographErrors.From(ex);
        }

        // The package is written before anything else is: once the pipeline is stopping, every
        // Write* call throws, and the best model so far must not be lost to a progress bar.
        var written = SaveBest(search, outFile);
        if (written is ErrorRecord writeFailure) _cmdlet.ThrowTerminatingError(writeFailure);
        if (search.Stopped || _cmdlet.Stopping) TellStopped(search, outFile);
        _cmdlet.WriteProgress(new ProgressRecord(TrialProgressId, $"Training {_handle.QualifiedName}", "Done")
        {
            ParentActivityId = SearchProgressId,
            RecordType = ProgressRecordType.Completed,
        });
        _cmdlet.WriteProgress(new ProgressRecord(SearchProgressId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        EmitBest(search, outFile);
        if (failure is not null) _cmdlet.ThrowTerminatingError(failure);
    }

    /// <summary>Says how a stopped search ended, also after Ctrl+C (see <see cref="StopNotice"/>).</summary>
    private void TellStopped(TrainingSearch search, string outFile) =>
        StopNotice.Warn(_cmdlet, $"The search stopped after {search.Trials.Count} of {search.PlannedTrials} trials" +
            (search.Best is null ? "; no trial had finished, so no package was written." : $"; the best so far (trial {search.Best.Number}) is written to {outFile}."));

    /// <summary>Writes the best trial's package, where there is one; returns the error record of a failed write.</summary>
    private ErrorRecord? SaveBest(TrainingSearch search, string outFile)
    {
        if (search.BestOutcome is null) return null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
            search.SaveBest(outFile);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ErrorRecord(ex, "ModelPackageWriteFailed", ErrorCategory.WriteError, outFile);
        }
    }

    private void EmitBest(TrainingSearch search, string outFile)
    {
        if (search.BestOutcome is not { } best || search.Best is not { } trial)
        {
            if (!search.Stopped && search.Trials.Count > 0)
            {
                _cmdlet.WriteError(new ErrorRecord(
                    new InvalidOperationException($"None of the {search.Trials.Count} trials finished with a validation loss (all diverged), so no package was written. " +
                                                  "Narrow the search with -HyperParameter, or fix the learning rate with -LearningRate."),
                    "SearchFoundNothing", ErrorCategory.InvalidResult, _handle.QualifiedName));
            }
            return;
        }
        _cmdlet.WriteVerbose($"Best: trial {trial.Number} of {search.Trials.Count}, validation loss {trial.Score:0.0000}, {trial.Searched}; written to {outFile}.");
        _cmdlet.WriteObject(TrainedModel.Of(best, outFile, _compute.ToString()));
    }

    private void ReportTrial(TrainingProgress p)
    {
        // Once stopping, writing throws; the trainer sees the cancellation after this batch and returns.
        if (_cmdlet.Stopping) return;
        ReportSearch(EpochProgress.Fraction(p));
        int number = (_search?.Trials.Count ?? 0) + 1;
        _cmdlet.WriteProgress(EpochProgress.Record(TrialProgressId, $"Training {_handle.QualifiedName}, trial {number}", p, _trialClock.Elapsed, SearchProgressId));
    }

    /// <param name="trialFraction">How much of the running trial is done, 0 to 1.</param>
    private void ReportSearch(double trialFraction)
    {
        var search = _search!;
        int done = search.Trials.Count;
        string best = search.Best is { } b ? $", best validation loss {b.Score:0.0000} (trial {b.Number})" : "";
        double fraction = (done + trialFraction) / search.PlannedTrials;
        var record = new ProgressRecord(SearchProgressId, Activity, $"Trial {Math.Min(done + 1, search.PlannedTrials)} of {search.PlannedTrials}{best}")
        {
            PercentComplete = Math.Clamp((int)(fraction * 100), 0, 100),
        };
        if (fraction > 0.01) record.SecondsRemaining = (int)Math.Round(_searchClock.Elapsed.TotalSeconds * (1 - fraction) / fraction);
        _cmdlet.WriteProgress(record);
    }
}
