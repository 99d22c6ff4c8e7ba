namespace CellOps.Runtime.Jobs;

/// <summary>What a job's tasks do.</summary>
public enum JobKind
{
    /// <summary>Each task predicts a shard of micrographs (Submit-CellJob).</summary>
    Prediction,

    /// <summary>Each task trains one trial of a hyperparameter search (Start-CellTraining -Optimize -ParallelTrials).</summary>
    TrainingTrial,
}
