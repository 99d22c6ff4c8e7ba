namespace CellOps.Runtime.Jobs;

/// <summary>A scheduler that runs a job's tasks: this machine's processes, or a Slurm cluster.</summary>
public interface IJobBackend
{
    /// <summary>Its name, as Submit-CellJob -Scheduler takes it.</summary>
    string Name { get; }

    /// <summary>Hands <paramref name="tasks"/> of the job in <paramref name="folder"/> to the scheduler; returns the submission's id.</summary>
    /// <exception cref="JobSchedulerException">The scheduler refused them.</exception>
    string Submit(string folder, JobManifest job, IReadOnlyList<int> tasks);

    /// <summary>The tasks the scheduler still holds, each Pending or Running; a task it no longer holds is absent.</summary>
    /// <exception cref="JobSchedulerException">The scheduler could not be asked.</exception>
    IReadOnlyDictionary<int, JobTaskState> Held(string folder, JobManifest job);

    /// <summary>Stops every task of the job the scheduler still holds.</summary>
    /// <exception cref="JobSchedulerException">The scheduler refused.</exception>
    void Cancel(string folder, JobManifest job);
}
