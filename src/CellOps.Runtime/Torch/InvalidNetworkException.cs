namespace CellOps.Runtime.Torch;

/// <summary>A plugin's new network starts from values no initialisation produces; see <see cref="NetworkCheck"/>.</summary>
public sealed class InvalidNetworkException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which tensor of which layer, and what is wrong with it.</param>
    public InvalidNetworkException(string message) : base(message)
    {
    }
}
