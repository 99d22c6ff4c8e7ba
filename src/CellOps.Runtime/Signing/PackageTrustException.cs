namespace CellOps.Runtime.Signing;

/// <summary>The trust policy refuses a package (or cannot be read); the message names the file and says what to do.</summary>
public sealed class PackageTrustException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">Why the package is refused.</param>
    /// <param name="path">The package file, or the policy file for <see cref="PackageTrustFailure.PolicyInvalid"/>.</param>
    /// <param name="message">A sentence naming the file, the problem and what to do.</param>
    /// <param name="inner">The underlying exception, where there is one.</param>
    public PackageTrustException(PackageTrustFailure failure, string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Path = path;
    }

    /// <summary>Why the package is refused.</summary>
    public PackageTrustFailure Failure { get; }

    /// <summary>The package file, or the policy file for <see cref="PackageTrustFailure.PolicyInvalid"/>.</summary>
    public string Path { get; }
}
