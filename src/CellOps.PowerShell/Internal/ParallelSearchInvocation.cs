using System.Diagnostics;
using System.Management.Automation;
using CellOps.PluginHost;
using CellOps.Runtime.Jobs;
using CellOps.Runtime.Optimization;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Search;
using CellOps.Runtime.Training;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// Start-CellTraining -Optimize -Scheduler: writes the search job (the tile set once, then a task per trial), steps a
/// <see cref="ParallelTrainingSearch"/> until the trials asked for have run, emitting each trial as it finishes and
/// warning of failed ones with their log's end; then writes the best trial's package and emits it as a TrainedModel.
/// Ctrl+C cancels the running trials' tasks and still writes the best trial so far.
/// </summary>
internal sealed class ParallelSearchInvocation
{
    private const int SearchProgressId = 4;
    private readonly PSCmdlet _cmdlet;
    private readonly ModelHandle _handle;
    private readonly CancellationToken _stop;
    private string _scheduler = "";
    private readonly Stopwatch _clock = new();

    private ParallelSearchInvocation(PSCmdlet cmdlet, ModelHandle handle, CancellationToken stop)
    {
        _cmdlet = cmdlet;
        _handle = handle;
        _stop = stop;
    }

    private string Activity => $"Searching hyperparameters of {_handle.QualifiedName}";

    /// <summary>Runs the search as a job and writes the best model to <paramref name="outFile"/>.</summary>
    public static void Run(PSCmdlet cmdlet, ModelHandle handle, TrainingRequest request, int trials, int? initialTrials, string outFile,
        ParallelSearchSettings settings, JobLauncher launcher) =>
        new ParallelSearchInvocation(cmdlet, handle, request.Cancellation).Search(request, trials, initialTrials, outFile, settings, launcher);

    private void Search(TrainingRequest request, int trials, int? initialTrials, string outFile, ParallelSearchSettings settings, JobLauncher launcher)
    {
        _scheduler = settings.Scheduler;
        SearchSpace space;
        try
        {
            space = TrainingSearch.SpaceFor(request);
        }
        catch (ArgumentException ex)
        {
            _cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "InvalidSearch", ErrorCategory.InvalidArgument, _handle.QualifiedName));
            return;
        }
        int initial = initialTrials ?? TrainingSearch.DefaultInitialTrials(trials);
        try
        {
            JobControl.CreateSearch(settings.Folder, settings.Scheduler, _handle.QualifiedName, settings.Parameters, request.Tiles, settings.Resources, launcher);
        }
        catch (IOException ex)
        {
            _cmdlet.ThrowTerminatingError(new ErrorRecord(ex, JobFolder.IsJob(settings.Folder) ? "JobExists" : "JobNotWritten",
                JobFolder.IsJob(settings.Folder) ? ErrorCategory.ResourceExists : ErrorCategory.WriteError, settings.Folder));
        }
        catch (Sdk.Imaging.MicrographReadException ex)
        {
            _cmdlet.ThrowTerminatingError(MicrographErrors.From(ex));
        }
        catch (ArgumentException ex)
        {
            _cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "TileSetNotPortable", ErrorCategory.InvalidArgument, request.Tiles));
        }

        var optimizer = new BayesianOptimizer(space, initial, request.Options.Seed);
        var search = new ParallelTrainingSearch(optimizer, _handle.QualifiedName, request.Model.HyperParameters, request.Options.HyperParameters,
            trials, settings.Parallel, settings.Folder, JobControl.Backend(settings.Scheduler));
        _cmdlet.WriteVerbose($"Searching {string.Join(", ", space.Dimensions.Select(d => $"{d.Parameter.Name} [{d.Parameter.Range}]"))} " +
                             $"in {trials} trials, {settings.Parallel} at once as {settings.Scheduler} tasks of the job {settings.Folder}; " +
                             $"the first {Math.Min(initial, trials)} random; score: validation loss of the epoch each trial keeps.");
        ErrorRecord? failure = null;
        TimeSpan poll = TimeSpan.FromSeconds(settings.Scheduler == "Slurm" ? 2 : 0.5);
        _clock.Start();
        try
        {
            while (!search.IsFinished)
            {
                if (_stop.IsCancellationRequested) break;
                var step = search.Step();
                foreach (var failed in step.Failed)
                {
                    _cmdlet.WriteWarning($"Trial {failed.Number} ({failed.Searched}) failed and is withdrawn from the search: {failed.Message}" +
                                         (failed.LogTail.Length > 0 ? $"{Environment.NewLine}Its log {failed.Log} ends:{Environment.NewLine}{failed.LogTail}" : ""));
                }
                foreach (var trial in step.Completed)
                {
                    if (!double.IsFinite(trial.Score)) _cmdlet.WriteWarning($"Trial {trial.Number} ({trial.Searched}) failed: {trial.Note}");
                    _cmdlet.WriteObject(trial);
                }
                foreach (int number in step.Started) _cmdlet.WriteVerbose($"Trial {number}/{trials} submitted: {Describe(search, number)}.");
                if (search.IsFinished) break;
                Report(search);
                _stop.WaitHandle.WaitOne(poll);
            }
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C while writing: the running trials are cancelled below, the completed ones kept.
        }
        catch (JobSchedulerException ex)
        {
            failure = new ErrorRecord(ex, "SchedulerFailed", ErrorCategory.ResourceUnavailable, settings.Folder);
        }
        catch (InvalidDataException ex)
        {
            failure = new ErrorRecord(ex, "JobDamaged", ErrorCategory.InvalidData, settings.Folder);
        }
        finally
        {
            if (!search.IsFinished)
            {
                try
                {
                    search.Cancel();
                }
                catch (JobSchedulerException ex)
                {
                    failure ??= new ErrorRecord(ex, "SchedulerFailed", ErrorCategory.ResourceUnavailable, settings.Folder);
                }
            }
        }

        // Written before anything else: once the pipeline is stopping, every Write* call throws.
        var written = SaveBest(search, outFile, initial);
        if (written is ErrorRecord writeFailure) _cmdlet.ThrowTerminatingError(writeFailure);
        if (search.Stopped)
        {
            StopNotice.Warn(_cmdlet, $"The search stopped after {search.Trials.Count} of {search.PlannedTrials} trials; its running trials were cancelled" +
                (search.Best is null ? " and no trial had finished, so no package was written." : $"; the best so far (trial {search.Best.Number}) is written to {outFile}."));
        }
        if (_cmdlet.Stopping) return;
        _cmdlet.WriteProgress(new ProgressRecord(SearchProgressId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        EmitBest(search, outFile);
        if (failure is not null) _cmdlet.ThrowTerminatingError(failure);
    }

    private static string Describe(ParallelTrainingSearch search, int number)
    {
        var task = JobFolder.Load(search.Folder).Tasks[number - 1];
        return search.Space.Describe(task.HyperParameters ?? new Dictionary<string, double>());
    }

    private ErrorRecord? SaveBest(ParallelTrainingSearch search, string outFile, int initial)
    {
        if (search.Best is null) return null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
            search.SaveBest(outFile, initial);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ErrorRecord(ex, "ModelPackageWriteFailed", ErrorCategory.WriteError, outFile);
        }
        catch (ModelPackageException ex)
        {
            return new ErrorRecord(ex, "TrialPackageInvalid", ErrorCategory.InvalidData, search.Best.Package);
        }
    }

    private void EmitBest(ParallelTrainingSearch search, string outFile)
    {
        if (search.Best is not { } trial)
        {
            if (!search.Stopped && search.Launched > 0)
            {
                _cmdlet.WriteError(new ErrorRecord(
                    new InvalidOperationException($"None of the {search.Launched} trials finished with a validation loss ({search.Failures.Count} failed, " +
                                                  $"{search.Trials.Count} diverged), so no package was written. See the trials' logs in {search.Folder}/logs."),
                    "SearchFoundNothing", ErrorCategory.InvalidResult, _handle.QualifiedName));
            }
            return;
        }
        _cmdlet.WriteVerbose($"Best: trial {trial.Number} of {search.Launched}, validation loss {trial.Score:0.0000}, {trial.Searched}; written to {outFile}.");
        using var package = ModelPackage.Open(outFile, Sdk.SdkVersion.Current);
        _cmdlet.WriteObject(TrainedModel.Of(package.Manifest, outFile, trial.Note, $"{_scheduler} tasks"));
    }

    private void Report(ParallelTrainingSearch search)
    {
        int done = search.Trials.Count + search.Failures.Count;
        string best = search.Best is { } b ? $", best validation loss {b.Score:0.0000} (trial {b.Number})" : "";
        double fraction = (double)done / search.PlannedTrials;
        var record = new ProgressRecord(SearchProgressId, Activity,
            $"{done} of {search.PlannedTrials} trials done, {search.Running} running{best}")
        {
            PercentComplete = Math.Clamp((int)(fraction * 100), 0, 100),
        };
        if (fraction > 0.01) record.SecondsRemaining = (int)Math.Round(_clock.Elapsed.TotalSeconds * (1 - fraction) / fraction);
        _cmdlet.WriteProgress(record);
    }
}
