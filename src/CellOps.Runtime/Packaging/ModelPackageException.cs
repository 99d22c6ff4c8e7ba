namespace CellOps.Runtime.Packaging;

/// <summary>A model package cannot be used; the message names the file and the problem in plain words.</summary>
public sealed class ModelPackageException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">What kind of problem it is, for callers that react differently to each.</param>
    /// <param name="path">The package file.</param>
    /// <param name="message">A sentence naming the file and the problem.</param>
    /// <param name="inner">The underlying exception, where there is one.</param>
    public ModelPackageException(ModelPackageFailure failure, string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Path = path;
    }

    /// <summary>What kind of problem it is.</summary>
    public ModelPackageFailure Failure { get; }

    /// <summary>The package file.</summary>
    public string Path { get; }
}
