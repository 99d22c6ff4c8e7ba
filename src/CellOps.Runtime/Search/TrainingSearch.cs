using System.Diagnostics;
using CellOps.Runtime.Optimization;
using CellOps.Runtime.Packaging;
using CellOps.Runtime.Training;
using CellOps.Sdk.Models;

namespace CellOps.Runtime.Search;

/// <summary>
/// A hyperparameter search over training runs: each trial trains the model with values a
/// <see cref="BayesianOptimizer"/> proposes and scores it by the validation loss of the epoch whose weights it keeps, which the
/// optimizer is told before it proposes the next. The caller runs it trial by trial
/// (<see cref="RunNext"/>), so it can report each one as it completes; the best trial's trained
/// network is kept and written, with the whole search in its manifest, by <see cref="SaveBest"/>.
/// </summary>
/// <remarks>
/// Every trial uses the request's seed, so trials differ only in their hyperparameters (the same
/// initial weights' generator, split, shuffling and augmentation): the comparison is fair and the
/// search is repeatable. Values the user fixed, and the learning rate where one is given, are held
/// fixed and not searched.
/// </remarks>
public sealed class TrainingSearch : IDisposable
{
    /// <summary>
    /// What a trial's score is: the validation loss of the epoch whose weights the trial keeps (its best epoch, or
    /// its last with <see cref="TrainingOptions.KeepBest"/> off), so this is the score of the model the search delivers.
    /// </summary>
    public const string ScoreName = "val_loss";

    private const string LearningRateName = "LearningRate";
    private readonly TrainingRequest _request;
    private readonly BayesianOptimizer _optimizer;
    private readonly List<SearchTrial> _trials = new();
    private TrainingOutcome? _bestOutcome;

    /// <summary>Prepares a search.</summary>
    /// <param name="request">The training run every trial starts from; its options' hyperparameters are held fixed.</param>
    /// <param name="trials">Trials to run (at least 1).</param>
    /// <param name="initialTrials">Random trials before the surrogate guides the search; null for <see cref="DefaultInitialTrials"/>.</param>
    /// <exception cref="ArgumentException">No validation split, checkpoints asked for, nothing left to search, or a fixed value the model refuses.</exception>
    public TrainingSearch(TrainingRequest request, int trials, int? initialTrials = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials), trials, "A search needs at least one trial.");
        if (initialTrials is < 1) throw new ArgumentOutOfRangeException(nameof(initialTrials), initialTrials, "At least one trial must be random.");
        _request = request;
        PlannedTrials = trials;
        InitialTrials = initialTrials ?? DefaultInitialTrials(trials);
        Space = SpaceFor(request);
        _optimizer = new BayesianOptimizer(Space, InitialTrials, request.Options.Seed);
    }

    /// <summary>
    /// The hyperparameters a search of <paramref name="request"/> explores: the model's, less those its options fix
    /// (and the learning rate where one is given). Checks first that the request can be searched at all.
    /// </summary>
    /// <exception cref="ArgumentException">No validation split, checkpoints asked for, nothing left to search, or a fixed value the model refuses.</exception>
    public static SearchSpace SpaceFor(TrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Options;
        options.Validate();
        if (options.ValidationFraction <= 0)
        {
            throw new ArgumentException("A hyperparameter search scores every trial by its validation loss, so it needs a validation split: " +
                                        "give -ValidationFraction above 0 (and tiles from at least two micrographs, or -HoldOutBy groups).");
        }
        if (options.CheckpointPath is not null || options.Resume)
            throw new ArgumentException("A hyperparameter search does not checkpoint or resume its trials; leave out -CheckpointPath and -Resume.");

        // Fails now, not after the first trial, on a fixed value the model does not declare or allow.
        HyperParameterValues.Resolve(request.Model.HyperParameters, options.HyperParameters);
        var searched = request.Model.HyperParameters
            .Where(p => !options.HyperParameters.Keys.Any(k => string.Equals(k, p.Name, StringComparison.OrdinalIgnoreCase)))
            .Where(p => !(options.LearningRate is not null && string.Equals(p.Name, LearningRateName, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        if (searched.Count == 0)
        {
            throw new ArgumentException(request.Model.HyperParameters.Count == 0
                ? $"{request.Model.Name} declares no hyperparameters, so there is nothing to search."
                : $"Every hyperparameter of {request.Model.Name} is fixed ({string.Join(", ", request.Model.HyperParameters.Select(p => p.Name))}), so there is nothing to search.");
        }

        return new SearchSpace(searched);
    }

    /// <summary>Random trials a search of <paramref name="trials"/> starts with: half of them, at least 1 and at most 5.</summary>
    public static int DefaultInitialTrials(int trials) => Math.Clamp(trials / 2, 1, 5);

    /// <summary>The hyperparameters searched.</summary>
    public SearchSpace Space { get; }

    /// <summary>Trials asked for.</summary>
    public int PlannedTrials { get; }

    /// <summary>Random trials before the surrogate guides the search.</summary>
    public int InitialTrials { get; }

    /// <summary>The completed trials, in order.</summary>
    public IReadOnlyList<SearchTrial> Trials => _trials;

    /// <summary>The best trial so far, or null before one completes (or where every trial diverged).</summary>
    public SearchTrial? Best { get; private set; }

    /// <summary>The best trial's trained network and manifest, or null.</summary>
    public TrainingOutcome? BestOutcome => _bestOutcome;

    /// <summary>Whether the request's cancellation stopped the search.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Whether no trial is left to run.</summary>
    public bool IsFinished => Stopped || _trials.Count >= PlannedTrials;

    /// <summary>
    /// Proposes values, trains a trial with them and scores it. Returns null, running nothing, when the
    /// search is finished, and null when the cancellation stops the trial (which then does not count).
    /// </summary>
    /// <exception cref="ArgumentException">Training refused the tiles or settings (see <see cref="ModelTrainer.Train"/>).</exception>
    public SearchTrial? RunNext()
    {
        if (_request.Cancellation.IsCancellationRequested) Stopped = true;
        if (IsFinished) return null;

        int number = _trials.Count + 1;
        var proposed = _optimizer.Propose();
        var values = new Dictionary<string, double>(_request.Options.HyperParameters, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in proposed) values[name] = value;
        var resolved = HyperParameterValues.Resolve(_request.Model.HyperParameters, values);
        string searched = Space.Describe(proposed);
        _request.Verbose?.Invoke($"Trial {number}/{PlannedTrials} ({(number <= InitialTrials ? "random" : "expected improvement")}): {searched}.");

        var clock = Stopwatch.StartNew();
        TrainingOutcome? outcome = null;
        double score;
        int epochs;
        string? note;
        try
        {
            outcome = ModelTrainer.Train(_request with { Options = _request.Options with { HyperParameters = values } });
            if (outcome.Cancelled)
            {
                outcome.Dispose();
                _optimizer.Withdraw(proposed);
                Stopped = true;
                return null;
            }
            // The kept epoch's loss: the trial's package holds that epoch's weights (the best, or the last
            // with KeepBest off), so this is the score of the model the search would deliver.
            score = outcome.Kept?.ValidationLoss is double kept && double.IsFinite(kept) ? kept : double.PositiveInfinity;
            epochs = outcome.Epochs.Count;
            note = outcome.StopReason;
        }
        catch (OperationCanceledException) when (_request.Cancellation.IsCancellationRequested)
        {
            // Stopped while waiting for another training in the process to finish: nothing ran.
            _optimizer.Withdraw(proposed);
            Stopped = true;
            return null;
        }
        catch (TrainingDivergedException ex)
        {
            // A diverged trial is an answer too: these values are bad, and the surrogate should learn so.
            score = double.PositiveInfinity;
            epochs = 0;
            note = ex.Message;
        }
        catch
        {
            // Training refused the settings: no score will come, so the proposal must not stay pending
            // and steer later proposals away as if a trial were still running there.
            _optimizer.Withdraw(proposed);
            throw;
        }

        var trial = new SearchTrial($"{_request.Plugin.Id}.{_request.Model.Name}", number, score, resolved, searched, epochs, clock.Elapsed, note);
        _trials.Add(trial);
        _optimizer.Observe(proposed, score);
        if (double.IsFinite(score) && (Best is null || score < Best.Score))
        {
            if (Best is not null) Best.IsBest = false;
            trial.IsBest = true;
            Best = trial;
            _bestOutcome?.Dispose();
            _bestOutcome = outcome;
        }
        else
        {
            outcome?.Dispose();
        }
        return trial;
    }

    /// <summary>What the best model's manifest records of the search.</summary>
    public SearchSummary Summary() => new()
    {
        Method = "bayesian: Gaussian process (Matérn 5/2, per-feature length scales), expected improvement",
        Score = ScoreName,
        PlannedTrials = PlannedTrials,
        InitialTrials = InitialTrials,
        Searched = Space.Dimensions.Select(d => d.Parameter.Name).ToArray(),
        BestTrial = Best?.Number ?? 0,
        Trials = _trials.Select(t => t.ToSummary()).ToArray(),
    };

    /// <summary>Writes the best trial's model package (atomically), its manifest recording the search.</summary>
    /// <exception cref="InvalidOperationException">No trial has completed with a score.</exception>
    public void SaveBest(string path)
    {
        var best = _bestOutcome ?? throw new InvalidOperationException("No trial of the search has completed with a validation loss, so there is no model to write.");
        best.Save(path, best.Manifest.WithSearch(Summary()));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _bestOutcome?.Dispose();
        _bestOutcome = null;
    }
}
