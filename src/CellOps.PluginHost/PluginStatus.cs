namespace CellOps.PluginHost;

/// <summary>Whether a plugin folder gave a usable plugin.</summary>
public enum PluginStatus
{
    /// <summary>The plugin loaded and its entry type was created.</summary>
    Loaded,

    /// <summary>The plugin could not be used; <see cref="PluginRecord.Reason"/> says why.</summary>
    Failed,
}
