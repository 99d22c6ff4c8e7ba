namespace CellOps.PluginHost;

/// <summary>What went wrong with a plugin folder (see <see cref="PluginRecord.Reason"/> for the details).</summary>
public enum PluginFailure
{
    /// <summary>Nothing: the plugin loaded.</summary>
    None,

    /// <summary><c>plugin.json</c> is not valid JSON, lacks a field, or has a bad value.</summary>
    InvalidManifest,

    /// <summary>The assembly named in the manifest is not in the folder, or is not a .NET assembly.</summary>
    MissingAssembly,

    /// <summary>The plugin was built for another CellOps.Sdk (or a newer TorchSharp) than this host has.</summary>
    IncompatibleSdk,

    /// <summary>An assembly the plugin needs is not in its folder.</summary>
    MissingDependency,

    /// <summary>The assembly has no entry type, or more than one.</summary>
    EntryType,

    /// <summary>The entry type could not be created or threw while describing itself.</summary>
    PluginError,

    /// <summary>The entry type's Id differs from the manifest's id.</summary>
    IdMismatch,

    /// <summary>The plugin describes itself (version, study, models) otherwise than its <c>plugin.json</c> declares.</summary>
    DeclarationMismatch,

    /// <summary>A plugin with the same id was found earlier on the search path.</summary>
    Shadowed,

    /// <summary>
    /// The plugin's code could be replaced by another user (its folder or files are world-writable or
    /// belong to someone else), or it came from a relative <c>CELLOPS_PLUGIN_PATH</c> entry; nothing of it
    /// was loaded. <c>CELLOPS_TRUSTED_PLUGIN_PATH</c> allows a folder explicitly.
    /// </summary>
    Untrusted,
}
