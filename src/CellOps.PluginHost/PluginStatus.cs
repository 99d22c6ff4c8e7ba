namespace CellOps.PluginHost;

/// <summary>Whether a plugin folder gave a usable plugin.</summary>
public enum PluginStatus
{
    /// <summary>
    /// The plugin's manifest declares its models and every check that runs no plugin code passed; its
    /// code runs (and it becomes <see cref="Loaded"/> or <see cref="Failed"/>) when one of its models is used.
    /// </summary>
    Available,

    /// <summary>The plugin loaded, its entry type was created and it describes itself as its manifest does.</summary>
    Loaded,

    /// <summary>The plugin could not be used; <see cref="PluginRecord.Reason"/> says why.</summary>
    Failed,
}
