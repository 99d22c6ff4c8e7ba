using CellOps.Runtime.Jobs;
using CellOps.Runtime.Optimization;
using CellOps.Runtime.Packaging;
using CellOps.Sdk.Models;

namespace CellOps.Runtime.Search;

/// <summary>
/// A hyperparameter search whose trials run as tasks of a job (Start-CellTraining -Optimize -ParallelTrials), several
/// at once, on this machine's processes or a Slurm cluster. The caller steps it (<see cref="Step"/>) every so often: a
/// step gathers the trials that finished (their scores told to the optimiser, failed ones withdrawn) and fills every
/// free slot at once with a new proposal, so a slot never waits for the others of its batch.
/// </summary>
/// <remarks>
/// Proposals are made while other trials still run: the optimiser keeps those pending and, for a Bayesian search,
/// fits its surrogate as if each had scored the lowest score seen so far (the constant liar, CL-min), so a batch spreads
/// out instead of proposing one point K times. A trial whose task fails counts as run (the search ends after the trials
/// asked for, however many fail) but gives no score. The job folder is made by <see cref="JobControl.CreateSearch"/>.
/// </remarks>
public sealed class ParallelTrainingSearch
{
    private readonly IHyperParameterOptimizer _optimizer;
    private readonly string _model;
    private readonly IReadOnlyList<HyperParameter> _declared;
    private readonly IReadOnlyDictionary<string, double> _fixed;
    private readonly string _folder;
    private readonly IJobBackend _backend;
    private readonly Dictionary<int, IReadOnlyDictionary<string, double>> _running = new();
    private readonly List<SearchTrial> _trials = new();
    private readonly List<TrialFailure> _failures = new();
    private bool _exhausted;

    /// <summary>Prepares a search over the job in <paramref name="folder"/>; nothing runs before the first <see cref="Step"/>.</summary>
    /// <param name="optimizer">Proposes the searched values (<see cref="IHyperParameterOptimizer.Space"/>).</param>
    /// <param name="model">PluginId.ModelName, as the trials name it.</param>
    /// <param name="declared">The model's hyperparameters, searched and fixed.</param>
    /// <param name="fixedValues">Values held fixed in every trial.</param>
    /// <param name="trials">Trials to run, at least 1.</param>
    /// <param name="parallel">Trials run at once, at least 1.</param>
    /// <param name="folder">The search job's folder.</param>
    /// <param name="backend">Its scheduler.</param>
    public ParallelTrainingSearch(IHyperParameterOptimizer optimizer, string model, IReadOnlyList<HyperParameter> declared,
        IReadOnlyDictionary<string, double> fixedValues, int trials, int parallel, string folder, IJobBackend backend)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(fixedValues);
        ArgumentNullException.ThrowIfNull(backend);
        if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials), trials, "A search needs at least one trial.");
        if (parallel < 1) throw new ArgumentOutOfRangeException(nameof(parallel), parallel, "At least one trial must run at a time.");
        _optimizer = optimizer;
        _model = model;
        _declared = declared;
        _fixed = fixedValues;
        _folder = Path.GetFullPath(folder);
        _backend = backend;
        PlannedTrials = trials;
        Parallel = parallel;
    }

    /// <summary>The hyperparameters searched.</summary>
    public SearchSpace Space => _optimizer.Space;

    /// <summary>Trials asked for.</summary>
    public int PlannedTrials { get; }

    /// <summary>Trials run at once at most.</summary>
    public int Parallel { get; }

    /// <summary>The search job's folder.</summary>
    public string Folder => _folder;

    /// <summary>Trials submitted so far.</summary>
    public int Launched { get; private set; }

    /// <summary>Trials submitted and not yet finished.</summary>
    public int Running => _running.Count;

    /// <summary>The completed trials, in the order they finished.</summary>
    public IReadOnlyList<SearchTrial> Trials => _trials;

    /// <summary>The trials whose tasks failed.</summary>
    public IReadOnlyList<TrialFailure> Failures => _failures;

    /// <summary>The best trial so far, or null.</summary>
    public SearchTrial? Best { get; private set; }

    /// <summary>Whether <see cref="Cancel"/> stopped the search.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Whether nothing is left to run or wait for.</summary>
    public bool IsFinished => Stopped || (_running.Count == 0 && (Launched >= PlannedTrials || _exhausted));

    /// <summary>
    /// Gathers the trials that finished since the last step, then submits new proposals for every free slot (as one
    /// submission), as long as trials are left to run.
    /// </summary>
    /// <exception cref="JobSchedulerException">The scheduler could not be asked or refused the new trials (they are withdrawn).</exception>
    public SearchStep Step()
    {
        var completed = new List<SearchTrial>();
        var failed = new List<TrialFailure>();
        if (_running.Count > 0) Gather(completed, failed);
        var started = Stopped ? [] : Fill();
        return new SearchStep(completed, failed, started);
    }

    /// <summary>Cancels the running trials' tasks and withdraws their values; the completed trials are kept.</summary>
    /// <exception cref="JobSchedulerException">The scheduler refused.</exception>
    public void Cancel()
    {
        if (Stopped) return;
        Stopped = true;
        foreach (var values in _running.Values) _optimizer.Withdraw(values);
        bool any = _running.Count > 0;
        _running.Clear();
        if (any) JobControl.Cancel(_folder, _backend);
    }

    private void Gather(List<SearchTrial> completed, List<TrialFailure> failed)
    {
        var status = JobControl.Status(_folder, _backend);
        foreach (int index in _running.Keys.Order().ToArray())
        {
            var task = status.Tasks[index];
            if (task.State is JobTaskState.Pending or JobTaskState.Running) continue;
            var proposed = _running[index];
            _running.Remove(index);
            var result = task.State == JobTaskState.Done ? JobFolder.ReadTrialResult(_folder, index) : null;
            if (result is null)
            {
                _optimizer.Withdraw(proposed);
                var failure = new TrialFailure(index + 1, Space.Describe(proposed), task.Message ?? "it saved no result", task.Log, JobControl.LogTail(_folder, index));
                _failures.Add(failure);
                failed.Add(failure);
                continue;
            }
            double score = result.ValidationLoss ?? double.PositiveInfinity;
            _optimizer.Observe(proposed, score);
            var trial = new SearchTrial(_model, index + 1, score, HyperParameterValues.Resolve(_declared, Values(proposed)), Space.Describe(proposed),
                result.Epochs, TimeSpan.FromSeconds(result.Seconds), result.Note, result.Package);
            _trials.Add(trial);
            if (double.IsFinite(score) && result.Package is not null && (Best is null || score < Best.Score))
            {
                if (Best is not null) Best.IsBest = false;
                trial.IsBest = true;
                Best = trial;
            }
            completed.Add(trial);
        }
    }

    private IReadOnlyList<int> Fill()
    {
        int wanted = Math.Min(Parallel - _running.Count, PlannedTrials - Launched);
        if (wanted <= 0 || _exhausted) return [];
        var batch = _optimizer.ProposeBatch(wanted);
        // A small discrete space can run out of new points: the search ends with what it has.
        if (batch.Count < wanted) _exhausted = true;
        if (batch.Count == 0) return [];
        var indices = JobControl.AddTrials(_folder, batch.Select(Values).ToArray());
        try
        {
            JobControl.SubmitTasks(_folder, _backend, indices);
        }
        catch
        {
            foreach (var values in batch) _optimizer.Withdraw(values);
            throw;
        }
        for (int i = 0; i < indices.Count; i++) _running[indices[i]] = batch[i];
        Launched += indices.Count;
        return indices.Select(i => i + 1).ToArray();
    }

    // Every hyperparameter of a trial: the fixed ones and the proposal.
    private IReadOnlyDictionary<string, double> Values(IReadOnlyDictionary<string, double> proposed)
    {
        var values = new Dictionary<string, double>(_fixed, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in proposed) values[name] = value;
        return values;
    }

    /// <summary>What the best model's manifest records of the search.</summary>
    /// <param name="initialTrials">Random trials before the surrogate guided the search.</param>
    public SearchSummary Summary(int initialTrials) => new()
    {
        Method = $"bayesian: Gaussian process (Matérn 5/2, per-feature length scales), expected improvement; {Parallel} trials at once, " +
                 "pending ones held at the lowest score seen (constant liar, CL-min)",
        Score = TrainingSearch.ScoreName,
        PlannedTrials = PlannedTrials,
        InitialTrials = initialTrials,
        Searched = Space.Dimensions.Select(d => d.Parameter.Name).ToArray(),
        BestTrial = Best?.Number ?? 0,
        Trials = _trials.OrderBy(t => t.Number).Select(t => t.ToSummary()).ToArray(),
    };

    /// <summary>Writes the best trial's package to <paramref name="path"/> (atomically), its manifest recording the search.</summary>
    /// <param name="path">The package to write.</param>
    /// <param name="initialTrials">Random trials before the surrogate guided the search.</param>
    /// <exception cref="InvalidOperationException">No trial has completed with a score.</exception>
    /// <exception cref="ModelPackageException">The best trial's package cannot be read.</exception>
    public void SaveBest(string path, int initialTrials)
    {
        var best = Best ?? throw new InvalidOperationException("No trial of the search has completed with a validation loss, so there is no model to write.");
        using var package = ModelPackage.Open(best.Package!, Sdk.SdkVersion.Current);
        var entries = package.Manifest.Entries.Keys.ToDictionary(name => name, package.ReadEntry, StringComparer.Ordinal);
        ModelPackageWriter.Write(path, package.Manifest.WithSearch(Summary(initialTrials)), entries);
    }
}
