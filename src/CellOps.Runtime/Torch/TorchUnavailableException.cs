namespace CellOps.Runtime.Torch;

/// <summary>TorchSharp's native backend cannot be loaded on this machine; the message says which library and what to do.</summary>
public sealed class TorchUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TorchUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
