namespace CellOps.Runtime.Signing;

/// <summary>A key file cannot be used for signing or as a trusted key; the message names the file and the problem.</summary>
public sealed class SigningKeyException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The key file.</param>
    /// <param name="message">A sentence naming the file and the problem.</param>
    /// <param name="inner">The underlying exception, where there is one.</param>
    public SigningKeyException(string path, string message, Exception? inner = null) : base(message, inner) => Path = path;

    /// <summary>The key file.</summary>
    public string Path { get; }
}
