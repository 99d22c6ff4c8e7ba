namespace CellOps.PluginHost.Discovery;

/// <summary>One folder the host searches for plugins.</summary>
/// <param name="Path">Full path: a plugin folder itself (holding <c>plugin.json</c>) or a folder of plugin folders.</param>
/// <param name="Source">Where the folder came from.</param>
/// <param name="Required">True where its absence is an error (<c>-PluginPath</c>); false where it is skipped silently.</param>
public sealed record PluginSearchFolder(string Path, PluginSource Source, bool Required);
