namespace CellOps.Sdk.Imaging;

/// <summary>Why an image could not be read.</summary>
public enum MicrographReadFailure
{
    /// <summary>The file does not exist.</summary>
    NotFound,
    /// <summary>The file is of a format, or uses a feature of its format, that CellOps does not read.</summary>
    Unsupported,
    /// <summary>The file is damaged or truncated.</summary>
    Corrupt,
    /// <summary>The file could not be opened (permissions, locks, I/O errors).</summary>
    Unreadable,
    /// <summary>The image is readable but does not fit what was asked of it (for example a pair of another size).</summary>
    Mismatch,
    /// <summary>The image is larger than CellOps decodes or holds at once; the message names its size and the limit.</summary>
    TooLarge,
}

/// <summary>An image could not be read. The message names the file and the problem, and is fit
/// to show to a user as it is.</summary>
public sealed class MicrographReadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file concerned.</param>
    /// <param name="failure">Why it failed.</param>
    /// <param name="message">What is wrong, in words; should name the file.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public MicrographReadException(string path, MicrographReadFailure failure, string message, Exception? inner = null)
        : base(message, inner)
    {
        Path = path;
        Failure = failure;
    }

    /// <summary>The file concerned.</summary>
    public string Path { get; }

    /// <summary>Why it failed.</summary>
    public MicrographReadFailure Failure { get; }
}
