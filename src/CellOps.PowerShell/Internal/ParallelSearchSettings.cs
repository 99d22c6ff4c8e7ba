using CellOps.Runtime.Jobs;

namespace CellOps.PowerShell.Internal;

/// <summary>What Start-CellTraining -Optimize -Scheduler hands to its trials' job.</summary>
/// <param name="Scheduler">Local or Slurm.</param>
/// <param name="Parallel">Trials run at once.</param>
/// <param name="Folder">The job folder (full path).</param>
/// <param name="Resources">What each trial asks for.</param>
/// <param name="Parameters">Start-CellTraining parameters every trial takes, as text.</param>
internal sealed record ParallelSearchSettings(string Scheduler, int Parallel, string Folder, JobResources Resources, IReadOnlyDictionary<string, string> Parameters);
