using System.Reflection;
using CellOps.PluginHost.Manifest;
using CellOps.Sdk.Models;
using McMaster.NETCore.Plugins;
using TorchSharp;

namespace CellOps.PluginHost.Loading;

/// <summary>
/// Loads a plugin assembly into its own load context (CellOps.Sdk and TorchSharp shared with the
/// host, so their types are identical on both sides), finds its one entry type and creates it.
/// Each plugin folder is loaded once per process: loading it again would make a second context.
/// </summary>
internal static class PluginActivator
{
    private static readonly Type[] SharedTypes = { typeof(ICellPlugin), typeof(torch) };
    private static readonly Dictionary<string, PluginRecord> Cache = new(FolderComparer);
    private static readonly object Gate = new();

    private static StringComparer FolderComparer => OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>The record of a plugin this process already loaded (or failed to load) from the folder; null where it has not tried.</summary>
    public static PluginRecord? Loaded(PluginManifest manifest, PluginSource source)
    {
        lock (Gate) return Cache.TryGetValue(manifest.Folder, out var cached) ? cached.WithSource(source) : null;
    }

    /// <summary>The checks that run no plugin code; a Failed record where one fails, null where all pass.</summary>
    public static PluginRecord? Check(PluginManifest manifest, PluginSource source)
    {
        try
        {
            PluginPreflight.Check(manifest);
            return null;
        }
        catch (PluginLoadException ex)
        {
            return PluginRecord.Failed(manifest.Id, manifest.Folder, source, ex.Kind, ex.Message, manifest);
        }
    }

    /// <summary>The plugin of a folder whose manifest has been read: from the cache, or loaded now (never throws).</summary>
    public static PluginRecord Load(PluginManifest manifest, PluginSource source)
    {
        lock (Gate)
        {
            if (Cache.TryGetValue(manifest.Folder, out var cached)) return cached.WithSource(source);
            // Nothing is loaded where a check fails: the folder may be fixed and tried again in this process.
            if (Check(manifest, source) is { } refused) return refused;

            PluginRecord record;
            try
            {
                record = Activate(manifest, source);
            }
            catch (PluginLoadException ex)
            {
                record = PluginRecord.Failed(manifest.Id, manifest.Folder, source, ex.Kind, ex.Message, manifest);
            }
            Cache[manifest.Folder] = record;
            return record;
        }
    }

    private static PluginRecord Activate(PluginManifest manifest, PluginSource source)
    {
        Assembly assembly;
        PluginLoader loader;
        try
        {
            HostAssemblyResolver.Register();
            loader = PluginLoader.CreateFromAssemblyFile(manifest.AssemblyPath, sharedTypes: SharedTypes, config =>
            {
                config.PreferSharedTypes = true;
                config.DefaultContext = HostAssemblyResolver.HostContext;
            });
            assembly = loader.LoadDefaultAssembly();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new PluginLoadException(KindOf(ex, PluginFailure.MissingAssembly), $"'{manifest.Assembly}' could not be loaded: {Describe(ex)}", manifest.Id, ex);
        }

        using (loader.EnterContextualReflection())
        {
            var type = FindEntryType(manifest, assembly);
            var plugin = Create(type);
            return ToRecord(manifest, source, plugin, type);
        }
    }

    private static Type FindEntryType(PluginManifest manifest, Assembly assembly)
    {
        Type[] exported;
        try
        {
            exported = assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException or BadImageFormatException)
        {
            throw new PluginLoadException(KindOf(ex, PluginFailure.EntryType), $"the types of '{manifest.Assembly}' could not be loaded: {Describe(ex)}", manifest.Id, ex);
        }

        var entries = exported.Where(t => t.IsClass && !t.IsAbstract && typeof(ICellPlugin).IsAssignableFrom(t)).ToArray();
        if (entries.Length == 1) return entries[0];
        if (entries.Length > 1)
        {
            throw new PluginLoadException(PluginFailure.EntryType,
                $"'{manifest.Assembly}' has {entries.Length} entry types ({string.Join(", ", entries.Select(t => t.FullName))}); a plugin assembly must have exactly one public type implementing ICellPlugin",
                manifest.Id);
        }

        bool foreignContract = exported.Any(t => t.GetInterfaces().Any(i => i.FullName == typeof(ICellPlugin).FullName));
        throw new PluginLoadException(PluginFailure.EntryType, foreignContract
            ? $"'{manifest.Assembly}' implements ICellPlugin from another copy of CellOps.Sdk; do not ship CellOps.Sdk.dll with the plugin"
            : $"'{manifest.Assembly}' has no public non-abstract type implementing CellOps.Sdk.Models.ICellPlugin", manifest.Id);
    }

    private static ICellPlugin Create(Type type)
    {
        var constructor = type.GetConstructor(Type.EmptyTypes)
            ?? throw new PluginLoadException(PluginFailure.EntryType, $"the entry type {type.FullName} has no public parameterless constructor");
        try
        {
            return (ICellPlugin)constructor.Invoke(null);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw new PluginLoadException(KindOf(ex.InnerException, PluginFailure.PluginError), $"the constructor of {type.FullName} threw: {Describe(ex.InnerException)}", inner: ex.InnerException);
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or TypeLoadException or MissingMemberException)
        {
            throw new PluginLoadException(KindOf(ex, PluginFailure.PluginError), $"{type.FullName} could not be created: {Describe(ex)}", inner: ex);
        }
    }

    private static PluginRecord ToRecord(PluginManifest manifest, PluginSource source, ICellPlugin plugin, Type type)
    {
        string id;
        Version version;
        StudyReference study;
        IReadOnlyList<ICellModel> models;
        try
        {
            id = plugin.Id;
            version = plugin.Version;
            study = plugin.Study;
            models = plugin.Models;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new PluginLoadException(KindOf(ex, PluginFailure.PluginError), $"{type.FullName} failed to describe itself: {Describe(ex)}", manifest.Id, ex);
        }

        if (!string.Equals(id, manifest.Id, StringComparison.Ordinal))
            throw new PluginLoadException(PluginFailure.IdMismatch, $"the manifest id '{manifest.Id}' differs from the plugin's Id '{id}' ({type.FullName})", manifest.Id);
        if (version is null) throw new PluginLoadException(PluginFailure.PluginError, $"{type.FullName}.Version is null", manifest.Id);
        if (models is null || models.Any(m => m is null)) throw new PluginLoadException(PluginFailure.PluginError, $"{type.FullName}.Models is null or holds null", manifest.Id);
        var duplicate = models.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new PluginLoadException(PluginFailure.PluginError, $"{type.FullName} offers two models named '{duplicate.Key}'", manifest.Id);

        // Models were listed (and may have been chosen) from the manifest: a plugin that says otherwise is refused.
        PluginDeclaration actual;
        try
        {
            actual = PluginDeclaration.Describe(plugin);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new PluginLoadException(PluginFailure.PluginError, $"{type.FullName} failed to describe its models: {Describe(ex)}", manifest.Id, ex);
        }
        if (manifest.Declaration.DifferenceFrom(actual) is { } difference)
            throw new PluginLoadException(PluginFailure.DeclarationMismatch, difference, manifest.Id);

        return new PluginRecord
        {
            Id = id,
            Version = version,
            Folder = manifest.Folder,
            Source = source,
            Status = PluginStatus.Loaded,
            Plugin = plugin,
            Study = study,
            Declaration = manifest.Declaration,
            Manifest = manifest,
        };
    }

    private static PluginFailure KindOf(Exception ex, PluginFailure otherwise)
    {
        if (ex is ReflectionTypeLoadException typeLoad) ex = typeLoad.LoaderExceptions.FirstOrDefault(e => e is not null) ?? ex;
        return ex is FileNotFoundException or FileLoadException ? PluginFailure.MissingDependency : otherwise;
    }

    /// <summary>The cause in one phrase: a missing dependency is named as such.</summary>
    internal static string Describe(Exception ex)
    {
        if (ex is ReflectionTypeLoadException typeLoad)
        {
            var first = typeLoad.LoaderExceptions.FirstOrDefault(e => e is not null);
            if (first is not null) return Describe(first);
        }
        if (ex is FileNotFoundException missing)
        {
            string name = missing.FileName ?? "an assembly";
            try
            {
                name = new AssemblyName(name).Name ?? name;
            }
            catch (Exception nameError) when (nameError is ArgumentException or FileLoadException)
            {
            }
            return $"missing dependency '{name}' (ship its dll in the plugin folder)";
        }
        if (ex is FileLoadException load) return $"dependency '{load.FileName}' could not be loaded ({load.Message})";
        return $"{ex.GetType().Name}: {ex.Message}";
    }
}
