using CellOps.PluginHost.Discovery;
using CellOps.PluginHost.Loading;
using CellOps.PluginHost.Manifest;
using CellOps.Sdk.Models;

namespace CellOps.PluginHost;

/// <summary>
/// The plugins found on the search path, loaded or failed, and the models the loaded ones offer.
/// A plugin that fails is recorded with the reason; the others work as if it were not there.
/// </summary>
public sealed class PluginCatalog
{
    private PluginCatalog(IReadOnlyList<PluginSearchFolder> searchPath, IReadOnlyList<PluginRecord> plugins)
    {
        SearchPath = searchPath;
        Plugins = plugins;
        Models = plugins
            .Where(p => p.Status == PluginStatus.Loaded)
            .SelectMany(p => p.Plugin!.Models.Select(m => new ModelHandle(p, m)))
            .ToArray();
    }

    /// <summary>The folders that were searched, in order.</summary>
    public IReadOnlyList<PluginSearchFolder> SearchPath { get; }

    /// <summary>Every plugin folder found, in discovery order, loaded or failed.</summary>
    public IReadOnlyList<PluginRecord> Plugins { get; }

    /// <summary>The plugins that failed.</summary>
    public IEnumerable<PluginRecord> Failed => Plugins.Where(p => p.Status == PluginStatus.Failed);

    /// <summary>Every model of every loaded plugin, in discovery order.</summary>
    public IReadOnlyList<ModelHandle> Models { get; }

    /// <summary>
    /// Finds the plugins of this process: the module's plugins folder, the folders of
    /// <c>CELLOPS_PLUGIN_PATH</c>, then <paramref name="extraFolders"/>.
    /// </summary>
    /// <param name="extraFolders">Folders given with <c>-PluginPath</c>, as full paths (relative ones are taken from the process's current directory).</param>
    /// <exception cref="PluginPathNotFoundException">One of <paramref name="extraFolders"/> does not exist.</exception>
    public static PluginCatalog Load(IEnumerable<string>? extraFolders) => Load(PluginSearchPath.Default(extraFolders));

    /// <summary>Finds the plugins in the given search folders, in order.</summary>
    /// <exception cref="PluginPathNotFoundException">A required search folder does not exist.</exception>
    public static PluginCatalog Load(IReadOnlyList<PluginSearchFolder> searchPath)
    {
        ArgumentNullException.ThrowIfNull(searchPath);
        foreach (var folder in searchPath.Where(f => f.Required && !Directory.Exists(f.Path)))
        {
            throw new PluginPathNotFoundException(folder.Path);
        }

        var records = new List<PluginRecord>();
        var visited = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var searchFolder in searchPath)
        {
            if (searchFolder.Refused is not null)
            {
                records.Add(PluginRecord.Failed(searchFolder.Path, searchFolder.Path, searchFolder.Source, PluginFailure.Untrusted, searchFolder.Refused));
                continue;
            }
            if (!Directory.Exists(searchFolder.Path)) continue;
            foreach (var pluginFolder in PluginFolderScanner.Find(searchFolder.Path))
            {
                string folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(pluginFolder));
                if (!visited.Add(folder)) continue;
                // The module's own plugins are as trusted as the module; others must not be open to other users.
                string? untrusted = searchFolder.Source == PluginSource.Module
                    ? null
                    : PluginFolderTrust.Problem(folder, Path.TrimEndingDirectorySeparator(searchFolder.Path));
                records.Add(untrusted is null
                    ? LoadOne(folder, searchFolder.Source, owners)
                    : PluginRecord.Failed(Path.GetFileName(folder), folder, searchFolder.Source, PluginFailure.Untrusted, untrusted));
            }
        }
        return new PluginCatalog(searchPath, records);
    }

    /// <summary>
    /// The model named <paramref name="name"/>: <c>PluginId.ModelName</c>, or a bare <c>ModelName</c>
    /// that only one loaded plugin offers; case-insensitive.
    /// </summary>
    /// <exception cref="ModelNotFoundException">No such model, or a bare name several plugins offer; the message lists the models there are.</exception>
    public ModelHandle ResolveModel(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string wanted = name.Trim();
        var qualified = Models.FirstOrDefault(m => string.Equals(m.QualifiedName, wanted, StringComparison.OrdinalIgnoreCase));
        if (qualified is not null) return qualified;

        var bare = Models.Where(m => string.Equals(m.Model.Name, wanted, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (bare.Length == 1) return bare[0];
        if (bare.Length > 1)
        {
            throw new ModelNotFoundException(name,
                $"Several plugins offer a model named '{wanted}': {string.Join(", ", bare.Select(m => m.QualifiedName))}. Write the qualified name (PluginId.ModelName).");
        }
        throw new ModelNotFoundException(name, $"No model named '{wanted}'. {DescribeAvailable()}");
    }

    /// <summary>Whether <paramref name="name"/> resolves to exactly one model.</summary>
    public bool TryResolveModel(string name, out ModelHandle? model)
    {
        try
        {
            model = ResolveModel(name);
            return true;
        }
        catch (Exception ex) when (ex is ModelNotFoundException or ArgumentException)
        {
            model = null;
            return false;
        }
    }

    internal static string Qualify(string pluginId, string modelName) => $"{pluginId}.{modelName}";

    private string DescribeAvailable()
    {
        string available = Models.Count == 0
            ? "No plugin offers any model."
            : $"Available models: {string.Join(", ", Models.Select(m => m.QualifiedName))}.";
        var failed = Failed.ToArray();
        if (failed.Length > 0)
        {
            available += $" {failed.Length} plugin(s) failed to load ({string.Join(", ", failed.Select(f => f.Id))}); Get-CellModel -IncludeFailed says why.";
        }
        return available;
    }

    private static PluginRecord LoadOne(string folder, PluginSource source, Dictionary<string, string> owners)
    {
        PluginManifest manifest;
        try
        {
            manifest = PluginManifest.Read(folder);
        }
        catch (PluginLoadException ex)
        {
            return PluginRecord.Failed(ex.Id ?? Path.GetFileName(folder), folder, source, ex.Kind, ex.Message);
        }

        if (owners.TryGetValue(manifest.Id, out var owner))
        {
            return PluginRecord.Failed(manifest.Id, folder, source, PluginFailure.Shadowed, $"plugin id '{manifest.Id}' is shadowed by {owner}");
        }
        owners[manifest.Id] = folder;
        return PluginActivator.Load(manifest, source);
    }
}
