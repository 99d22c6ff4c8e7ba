namespace CellOps.PluginHost.Discovery;

/// <summary>Finds the plugin folders (folders holding <c>plugin.json</c>) in a search folder.</summary>
internal static class PluginFolderScanner
{
    public const string ManifestFileName = "plugin.json";

    /// <summary>The search folder itself where it holds a manifest, else its direct children that do, in name order.</summary>
    public static IReadOnlyList<string> Find(string searchFolder)
    {
        if (File.Exists(Path.Combine(searchFolder, ManifestFileName))) return new[] { searchFolder };
        try
        {
            return Directory.EnumerateDirectories(searchFolder)
                .Where(d => File.Exists(Path.Combine(d, ManifestFileName)))
                .OrderBy(d => d, StringComparer.Ordinal)
                .ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }
}
