namespace CellOps.Runtime.Jobs;

/// <summary>A scheduler refused a request or could not be reached; the message names the command and what it said.</summary>
public sealed class JobSchedulerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobSchedulerException(string message, Exception? inner = null) : base(message, inner) { }
}
