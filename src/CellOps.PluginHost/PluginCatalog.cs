using CellOps.PluginHost.Discovery;
using CellOps.PluginHost.Loading;
using CellOps.PluginHost.Manifest;
using CellOps.Sdk.Models;

namespace CellOps.PluginHost;

/// <summary>
/// The plugins found on the search path and the models their manifests declare. Finding them runs no
/// plugin code: a plugin is loaded only when one of its models is resolved (<see cref="ResolveModel"/>),
/// and then must describe itself as its manifest does. A plugin that fails is recorded with the reason;
/// the others work as if it were not there.
/// </summary>
public sealed class PluginCatalog
{
    private readonly PluginRecord[] _plugins;
    private readonly object _gate = new();

    private PluginCatalog(IReadOnlyList<PluginSearchFolder> searchPath, PluginRecord[] plugins)
    {
        SearchPath = searchPath;
        _plugins = plugins;
        Models = plugins
            .Where(p => p.Status != PluginStatus.Failed && p.Declaration is not null)
            .SelectMany(p => p.Declaration!.Models.Select(m => new DeclaredModel(p, m)))
            .ToArray();
    }

    /// <summary>The folders that were searched, in order.</summary>
    public IReadOnlyList<PluginSearchFolder> SearchPath { get; }

    /// <summary>Every plugin folder found, in discovery order: available, loaded (once one of its models was resolved) or failed.</summary>
    public IReadOnlyList<PluginRecord> Plugins
    {
        get
        {
            lock (_gate) return _plugins.ToArray();
        }
    }

    /// <summary>The plugins that failed.</summary>
    public IEnumerable<PluginRecord> Failed => Plugins.Where(p => p.Status == PluginStatus.Failed);

    /// <summary>Every model the plugins declare, in discovery order (plugins that failed before use are left out).</summary>
    public IReadOnlyList<DeclaredModel> Models { get; }

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
        return new PluginCatalog(searchPath, records.ToArray());
    }

    /// <summary>
    /// The model named <paramref name="name"/>, loaded: its plugin's code runs now (once per process) and
    /// must describe the model as its manifest does. Names as <see cref="FindModel"/> takes them.
    /// </summary>
    /// <exception cref="ModelNotFoundException">No such model, or a bare name several plugins offer; the message lists the models there are.</exception>
    /// <exception cref="PluginLoadFailedException">The plugin that declares the model failed to load; its record says why.</exception>
    public ModelHandle ResolveModel(string name)
    {
        var declared = FindModel(name);
        var record = Activate(declared.Record);
        if (record.Status != PluginStatus.Loaded) throw new PluginLoadFailedException(declared.QualifiedName, record);
        var model = record.Plugin!.Models.First(m => string.Equals(m.Name, declared.Declaration.Name, StringComparison.Ordinal));
        return new ModelHandle(record, model);
    }

    /// <summary>
    /// The declared model named <paramref name="name"/>: <c>PluginId.ModelName</c>, or a bare <c>ModelName</c>
    /// that only one plugin declares; case-insensitive. Runs no plugin code.
    /// </summary>
    /// <exception cref="ModelNotFoundException">No such model, or a bare name several plugins offer; the message lists the models there are.</exception>
    public DeclaredModel FindModel(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string wanted = name.Trim();
        var qualified = Models.FirstOrDefault(m => string.Equals(m.QualifiedName, wanted, StringComparison.OrdinalIgnoreCase));
        if (qualified is not null) return qualified;

        var bare = Models.Where(m => string.Equals(m.Declaration.Name, wanted, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (bare.Length == 1) return bare[0];
        if (bare.Length > 1)
        {
            throw new ModelNotFoundException(name,
                $"Several plugins offer a model named '{wanted}': {string.Join(", ", bare.Select(m => m.QualifiedName))}. Write the qualified name (PluginId.ModelName).");
        }
        throw new ModelNotFoundException(name, $"No model named '{wanted}'. {DescribeAvailable()}");
    }

    /// <summary>Whether <paramref name="name"/> names exactly one declared model (no plugin code runs).</summary>
    public bool TryFindModel(string name, out DeclaredModel? model)
    {
        try
        {
            model = FindModel(name);
            return true;
        }
        catch (Exception ex) when (ex is ModelNotFoundException or ArgumentException)
        {
            model = null;
            return false;
        }
    }

    internal static string Qualify(string pluginId, string modelName) => $"{pluginId}.{modelName}";

    // Loads an available plugin and keeps what came of it in this catalog, so listings made later show it.
    private PluginRecord Activate(PluginRecord listed)
    {
        if (listed.Status == PluginStatus.Loaded) return listed;
        var record = PluginActivator.Load(listed.Manifest!, listed.Source);
        lock (_gate)
        {
            int index = Array.IndexOf(_plugins, listed);
            if (index >= 0) _plugins[index] = record;
        }
        return record;
    }

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
        // Only checks that run no plugin code here; a plugin loaded earlier in this process is shown as loaded.
        return PluginActivator.Loaded(manifest, source) ?? PluginActivator.Check(manifest, source) ?? PluginRecord.Available(manifest, source);
    }
}
