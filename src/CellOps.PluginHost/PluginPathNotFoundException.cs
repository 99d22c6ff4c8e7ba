namespace CellOps.PluginHost;

/// <summary>A folder given explicitly to search for plugins (<c>-PluginPath</c>) does not exist.</summary>
public sealed class PluginPathNotFoundException : DirectoryNotFoundException
{
    /// <summary>Creates the exception for <paramref name="folder"/>.</summary>
    public PluginPathNotFoundException(string folder)
        : base($"The plugin folder '{folder}' does not exist.") => Folder = folder;

    /// <summary>The folder that does not exist.</summary>
    public string Folder { get; }
}
