namespace CellOps.Runtime.Jobs;

/// <summary>What each task of a job asks its scheduler for.</summary>
/// <param name="Cpus">CPU cores per task.</param>
/// <param name="MemoryMB">Memory per task in MB; 0 leaves it to the scheduler's default.</param>
/// <param name="TimeLimit">Wall-clock limit per task; null leaves it to the scheduler's default.</param>
/// <param name="Gpus">GPUs per task.</param>
/// <param name="MaxParallel">Tasks run at once at most; 0: as many as the scheduler allows (the local scheduler: one per CPU core the job's tasks fit).</param>
/// <param name="Partition">Slurm partition; null: the cluster's default.</param>
public sealed record JobResources(int Cpus = 1, int MemoryMB = 0, TimeSpan? TimeLimit = null, int Gpus = 0, int MaxParallel = 0, string? Partition = null);
