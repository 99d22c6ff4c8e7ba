namespace CellOps.Runtime.Packaging;

/// <summary>A model package was refused; the message names the file and the problem.</summary>
public sealed class ModelPackageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelPackageException(ModelPackageFailure failure, string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Path = path;
    }

    /// <summary>Why.</summary>
    public ModelPackageFailure Failure { get; }

    /// <summary>The package file.</summary>
    public string Path { get; }
}
