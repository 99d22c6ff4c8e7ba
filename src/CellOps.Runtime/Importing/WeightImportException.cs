namespace CellOps.Runtime.Importing;

/// <summary>A weight file that cannot become a package of the chosen model, for a reason other than its own damage or its tensors' fit.</summary>
public sealed class WeightImportException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public WeightImportException(string message) : base(message)
    {
    }
}
