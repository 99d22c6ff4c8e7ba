namespace CellOps.PluginHost.Discovery;

/// <summary>One folder the host searches for plugins.</summary>
/// <param name="Path">Full path: a plugin folder itself (holding <c>plugin.json</c>) or a folder of plugin folders.</param>
/// <param name="Source">Where the folder came from.</param>
/// <param name="Required">True where its absence is an error (<c>-PluginPath</c>); false where it is skipped silently.</param>
/// <param name="Refused">Why the folder is not searched at all (a relative <c>CELLOPS_PLUGIN_PATH</c> entry), or null.</param>
public sealed record PluginSearchFolder(string Path, PluginSource Source, bool Required, string? Refused = null);
