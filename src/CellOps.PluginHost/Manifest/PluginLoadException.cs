namespace CellOps.PluginHost.Manifest;

/// <summary>Why one plugin folder gave no plugin; the catalog turns it into a Failed record.</summary>
internal sealed class PluginLoadException : Exception
{
    public PluginLoadException(PluginFailure kind, string cause, string? id = null, Exception? inner = null) : base(cause, inner)
    {
        Kind = kind;
        Id = id;
    }

    /// <summary>What kind of failure.</summary>
    public PluginFailure Kind { get; }

    /// <summary>The plugin id where it was known when the failure happened.</summary>
    public string? Id { get; }
}
