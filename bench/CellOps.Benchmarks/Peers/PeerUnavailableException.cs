namespace CellOps.Benchmarks.Peers;

/// <summary>A peer could not be started or stopped answering; the message says why, for the row's note.</summary>
internal sealed class PeerUnavailableException : Exception
{
    public PeerUnavailableException(string message, bool notInstalled, Exception? inner = null) : base(message, inner)
    {
        NotInstalled = notInstalled;
    }

    /// <summary>True when the peer is simply not installed here (as opposed to failing while it ran).</summary>
    public bool NotInstalled { get; }

    /// <summary>The result column's text for rows this peer could not fill.</summary>
    public string Status => NotInstalled ? "peer not installed" : "peer failed";
}
