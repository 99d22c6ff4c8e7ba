using System.Reflection;
using System.Runtime.Loader;

namespace CellOps.PluginHost.Loading;

/// <summary>
/// Lets the host's load context find the module's own assemblies by name. McMaster.NETCore.Plugins
/// loads every shared assembly and its references (TorchSharp → Google.Protobuf, SkiaSharp, ...) into
/// the host's context by name. In the module that context is CellOps' own (CellOps.Loader), which
/// finds them in the module's lib folder already; a process that loads this assembly into its default
/// context from a folder not on its probing path needs this. Only names the normal resolution could
/// not find, and only files in the folder of this assembly, are resolved.
/// </summary>
internal static class HostAssemblyResolver
{
    private static readonly object Gate = new();
    private static bool _registered;

    /// <summary>The load context of the host (the one holding CellOps.PluginHost).</summary>
    public static AssemblyLoadContext HostContext =>
        AssemblyLoadContext.GetLoadContext(typeof(HostAssemblyResolver).Assembly) ?? AssemblyLoadContext.Default;

    public static void Register()
    {
        lock (Gate)
        {
            if (_registered) return;
            string? folder = Path.GetDirectoryName(typeof(HostAssemblyResolver).Assembly.Location);
            if (string.IsNullOrEmpty(folder)) return;
            HostContext.Resolving += (context, name) => Resolve(context, name, folder);
            _registered = true;
        }
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name, string folder)
    {
        if (string.IsNullOrEmpty(name.Name)) return null;
        string candidate = Path.Combine(folder, name.Name + ".dll");
        if (!File.Exists(candidate)) return null;
        try
        {
            var found = AssemblyName.GetAssemblyName(candidate);
            if (name.Version is not null && found.Version is not null && found.Version < name.Version) return null;
            return context.LoadFromAssemblyPath(candidate);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or IOException)
        {
            return null;
        }
    }
}
