namespace CellOps.PluginHost.Discovery;

/// <summary>
/// The folders searched for plugins, in order: the module's own <c>plugins</c> folder, each folder of
/// <c>CELLOPS_PLUGIN_PATH</c>, then the folders given explicitly (<c>-PluginPath</c>).
/// </summary>
public static class PluginSearchPath
{
    /// <summary>The environment variable listing extra plugin folders, separated by <see cref="Path.PathSeparator"/>.</summary>
    public const string EnvironmentVariable = "CELLOPS_PLUGIN_PATH";

    /// <summary>
    /// The module's own plugins folder: <c>plugins</c> beside the CellOps.PluginHost assembly, or beside
    /// the module's <c>lib</c> folder where the assembly is one of the module's isolated libraries.
    /// </summary>
    public static string ModulePluginFolder
    {
        get
        {
            string folder = Path.GetDirectoryName(typeof(PluginSearchPath).Assembly.Location) ?? AppContext.BaseDirectory;
            string? module = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(folder));
            bool inModuleLib = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) == "lib"
                && module is not null && File.Exists(Path.Combine(module, "CellOps.psd1"));
            return Path.Combine(inModuleLib ? module! : folder, "plugins");
        }
    }

    /// <summary>The search path of this process: module folder, then the environment variable, then <paramref name="extraFolders"/>.</summary>
    /// <param name="extraFolders">Folders given explicitly; relative ones are taken from the process's current directory.</param>
    public static IReadOnlyList<PluginSearchFolder> Default(IEnumerable<string>? extraFolders) =>
        Build(ModulePluginFolder, Environment.GetEnvironmentVariable(EnvironmentVariable), extraFolders);

    /// <summary>Builds a search path from its three parts (any may be null).</summary>
    /// <param name="moduleFolder">The module's plugins folder.</param>
    /// <param name="environmentValue">The value of <see cref="EnvironmentVariable"/>.</param>
    /// <param name="extraFolders">Folders given explicitly.</param>
    public static IReadOnlyList<PluginSearchFolder> Build(string? moduleFolder, string? environmentValue, IEnumerable<string>? extraFolders)
    {
        var folders = new List<PluginSearchFolder>();
        if (!string.IsNullOrWhiteSpace(moduleFolder))
        {
            folders.Add(new PluginSearchFolder(Path.GetFullPath(moduleFolder), PluginSource.Module, Required: false));
        }
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            foreach (var part in environmentValue.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // A relative entry would name a different folder in every directory the user works in,
                // any of which could hold a plugin folder of someone else's making.
                folders.Add(Path.IsPathFullyQualified(part)
                    ? new PluginSearchFolder(Path.GetFullPath(part), PluginSource.Environment, Required: false)
                    : new PluginSearchFolder(part, PluginSource.Environment, Required: false,
                        Refused: $"the {EnvironmentVariable} entry '{part}' is relative, so it would load plugins from whatever folder is current; write it as a full path."));
            }
        }
        foreach (var extra in extraFolders ?? Enumerable.Empty<string>())
        {
            if (string.IsNullOrWhiteSpace(extra)) continue;
            folders.Add(new PluginSearchFolder(Path.GetFullPath(extra), PluginSource.PluginPath, Required: true));
        }
        return folders;
    }
}
