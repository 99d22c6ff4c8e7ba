namespace CellOps.Runtime.Training;

/// <summary>The training loss became NaN or infinite; continuing would only produce a useless model.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }
}
