using System.Management.Automation;
using CellOps.PluginHost;
using CellOps.PluginHost.Discovery;

namespace CellOps.PowerShell.Internal;

/// <summary>
/// How a cmdlet gets the plugin catalog: -PluginPath resolved against the PowerShell location, a
/// missing -PluginPath folder as a terminating error, failed plugins as errors (or warnings) that
/// name the plugin folder. Shared by every cmdlet that takes -PluginPath.
/// </summary>
internal static class PluginCatalogAccess
{
    /// <summary>Error id of a plugin that failed to load (target: the plugin folder).</summary>
    public const string PluginLoadFailedId = "PluginLoadFailed";

    /// <summary>Error id of a -PluginPath folder that does not exist (target: the path).</summary>
    public const string PluginPathNotFoundId = "PluginPathNotFound";

    /// <summary>Error id of a model name no plugin offers (target: the name).</summary>
    public const string ModelNotFoundId = "ModelNotFound";

    /// <summary>Loads the catalog; reports each failed plugin as a non-terminating error, or as a warning where <paramref name="failuresAsWarnings"/>.</summary>
    /// <param name="cmdlet">The cmdlet that reports.</param>
    /// <param name="pluginPath">The cmdlet's -PluginPath (may be null).</param>
    /// <param name="failuresAsWarnings">Report failed plugins as warnings (for cmdlets whose work does not depend on them).</param>
    public static PluginCatalog Load(PSCmdlet cmdlet, string[]? pluginPath, bool failuresAsWarnings = false)
    {
        var folders = new List<string>();
        foreach (var path in pluginPath ?? Array.Empty<string>())
        {
            if (string.IsNullOrWhiteSpace(path)) continue;
            string full = FileSystemPaths.ToFullPath(cmdlet, path);
            if (!Directory.Exists(full)) ThrowPathNotFound(cmdlet, path, new PluginPathNotFoundException(full));
            folders.Add(full);
        }

        PluginCatalog catalog;
        try
        {
            catalog = PluginCatalog.Load(SearchPath(folders));
        }
        catch (PluginPathNotFoundException ex)
        {
            ThrowPathNotFound(cmdlet, ex.Folder, ex);
            throw;
        }

        WriteSearchVerbose(cmdlet, catalog);
        foreach (var failed in catalog.Failed)
        {
            if (failuresAsWarnings) cmdlet.WriteWarning(failed.Reason);
            else cmdlet.WriteError(FailedPlugin(failed));
        }
        return catalog;
    }

    /// <summary>The folders plugins are looked for in: the module's own, CELLOPS_PLUGIN_PATH's, then <paramref name="folders"/> (full paths).</summary>
    public static IReadOnlyList<PluginSearchFolder> SearchPath(IEnumerable<string> folders)
    {
        // The module's plugins folder is the one beside this assembly: where the module was installed,
        // even when another copy of the plugin host was loaded first (as in a test process).
        string moduleFolder = Path.Combine(Path.GetDirectoryName(typeof(PluginCatalogAccess).Assembly.Location) ?? AppContext.BaseDirectory, "plugins");
        return PluginSearchPath.Build(moduleFolder, Environment.GetEnvironmentVariable(PluginSearchPath.EnvironmentVariable), folders);
    }

    /// <summary>Loads the catalog (failed plugins as warnings) and resolves a model; a terminating ModelNotFound error where it cannot.</summary>
    public static ModelHandle ResolveModel(PSCmdlet cmdlet, string[]? pluginPath, string name)
    {
        var catalog = Load(cmdlet, pluginPath, failuresAsWarnings: true);
        return ResolveModel(cmdlet, catalog, name);
    }

    /// <summary>Resolves a model in a catalog; a terminating ModelNotFound error where it cannot.</summary>
    public static ModelHandle ResolveModel(PSCmdlet cmdlet, PluginCatalog catalog, string name)
    {
        try
        {
            return catalog.ResolveModel(name);
        }
        catch (ModelNotFoundException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(ex, ModelNotFoundId, ErrorCategory.ObjectNotFound, name));
            throw;
        }
        catch (PluginLoadFailedException ex)
        {
            cmdlet.ThrowTerminatingError(FailedPlugin(ex));
            throw;
        }
    }

    /// <summary>The error record of a model whose plugin failed when it was used: id PluginLoadFailed, target the plugin folder.</summary>
    public static ErrorRecord FailedPlugin(PluginLoadFailedException ex)
    {
        var record = FailedPlugin(ex.Record);
        return new ErrorRecord(ex, PluginLoadFailedId, record.CategoryInfo.Category, ex.Record.Folder)
        {
            ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = record.ErrorDetails.RecommendedAction },
        };
    }

    /// <summary>The error record of a failed plugin: id PluginLoadFailed, target the plugin folder.</summary>
    public static ErrorRecord FailedPlugin(PluginRecord failed)
    {
        var category = failed.Failure switch
        {
            PluginFailure.MissingAssembly or PluginFailure.MissingDependency => ErrorCategory.ObjectNotFound,
            PluginFailure.Untrusted => ErrorCategory.SecurityError,
            _ => ErrorCategory.InvalidData,
        };
        return new ErrorRecord(new InvalidOperationException(failed.Reason), PluginLoadFailedId, category, failed.Folder)
        {
            ErrorDetails = new ErrorDetails(failed.Reason)
            {
                RecommendedAction = failed.Failure switch
                {
                    PluginFailure.Shadowed => "Remove one of the plugins with this id, or ignore this if the first one is the one you want.",
                    PluginFailure.Untrusted => "Make the folder yours and not writable by others, or add it to CELLOPS_TRUSTED_PLUGIN_PATH if you trust it.",
                    PluginFailure.DeclarationMismatch => "Rebuild the plugin's plugin.json from the plugin ([CellOps.PluginHost.Manifest.PluginDeclaration]::Describe(plugin).ToJson()) or reinstall the plugin.",
                    _ => "Fix or remove the plugin folder; the other plugins are not affected.",
                },
            },
        };
    }

    // -Verbose answers "why is my plugin not listed?": where the host looked and what it found there.
    private static void WriteSearchVerbose(PSCmdlet cmdlet, PluginCatalog catalog)
    {
        foreach (var folder in catalog.SearchPath)
        {
            string state = Directory.Exists(folder.Path) ? "" : " (absent)";
            cmdlet.WriteVerbose($"Plugin folder ({folder.Source}): {folder.Path}{state}");
        }
        foreach (var plugin in catalog.Plugins)
        {
            cmdlet.WriteVerbose($"Plugin {plugin} in {plugin.Folder}");
        }
        int usable = catalog.Plugins.Count(p => p.Status != PluginStatus.Failed);
        cmdlet.WriteVerbose($"{usable} plugin(s) found, {catalog.Failed.Count()} failed, {catalog.Models.Count} model(s) declared; a plugin's code runs only when one of its models is used.");
    }

    private static void ThrowPathNotFound(PSCmdlet cmdlet, string path, Exception ex) =>
        cmdlet.ThrowTerminatingError(new ErrorRecord(ex, PluginPathNotFoundId, ErrorCategory.ObjectNotFound, path));
}
