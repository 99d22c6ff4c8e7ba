using CellOps.Sdk.Models;

namespace CellOps.Runtime.Search;

/// <summary>One trial of a hyperparameter search, as Start-CellTraining -Optimize emits it when it completes.</summary>
public sealed class SearchTrial
{
    internal SearchTrial(string model, int number, double score, HyperParameterValues hyperParameters, string searched,
        int epochs, TimeSpan duration, string? note, string? package = null)
    {
        Package = package;
        Model = model;
        Number = number;
        Score = score;
        HyperParameters = hyperParameters;
        Searched = searched;
        Epochs = epochs;
        Duration = duration;
        Note = note;
    }

    /// <summary>PluginId.ModelName.</summary>
    public string Model { get; }

    /// <summary>1-based trial number.</summary>
    public int Number { get; }

    /// <summary>The validation loss of the epoch whose weights the trial keeps (its best, or its last with KeepBest off; lower is better); +∞ where training diverged.</summary>
    public double Score { get; }

    /// <summary>Every hyperparameter of the trial, searched and fixed (<c>GetChoice</c> names a categorical one's choice).</summary>
    public HyperParameterValues HyperParameters { get; }

    /// <summary>The searched hyperparameters' values as text, e.g. <c>Dropout=0.21 LearningRate=0.0031</c>.</summary>
    public string Searched { get; }

    /// <summary>Epochs trained.</summary>
    public int Epochs { get; }

    /// <summary>Wall time of the trial.</summary>
    public TimeSpan Duration { get; }

    /// <summary>
    /// Whether this is the best trial so far. A trial that beats the earlier ones is emitted with it set
    /// and clears it on the one it beat, so when the search ends exactly one trial has it.
    /// </summary>
    public bool IsBest { get; internal set; }

    /// <summary>The trial's own model package where it ran as a task (-ParallelTrials), else null: in-process trials keep only the best network.</summary>
    public string? Package { get; }

    /// <summary>Why training ended early (early stopping, divergence), or null.</summary>
    public string? Note { get; }

    /// <inheritdoc />
    public override string ToString() => $"Trial {Number}: {Score:0.0000} {Searched}";

    /// <summary>What a package's manifest records of this trial.</summary>
    internal CellOps.Runtime.Packaging.SearchTrialSummary ToSummary() => new()
    {
        Number = Number,
        Score = Score,
        HyperParameters = HyperParameters.ToDictionary(p => p.Key, p => p.Value),
        Epochs = Epochs,
        Seconds = Duration.TotalSeconds,
    };
}
