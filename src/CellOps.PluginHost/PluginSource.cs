namespace CellOps.PluginHost;

/// <summary>Where a plugin was found, in discovery order.</summary>
public enum PluginSource
{
    /// <summary>The module's own <c>plugins</c> folder (built-in plugins).</summary>
    Module,

    /// <summary>A folder named in the <c>CELLOPS_PLUGIN_PATH</c> environment variable.</summary>
    Environment,

    /// <summary>A folder given with <c>-PluginPath</c>.</summary>
    PluginPath,
}
