using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace CellOps.Loader;

/// <summary>
/// The load context that holds CellOps' libraries and every third-party library they use (TorchSharp,
/// SkiaSharp, OpenCvSharp, ScottPlot, ...), all from the module's <c>lib</c> folder. PowerShell loads
/// every module into one default context, where the first module to load, say, SkiaSharp 2.88 decides
/// the SkiaSharp every other module gets; in this context CellOps always gets its own copies, and
/// other modules never see them.
/// </summary>
internal sealed class ModuleLoadContext : AssemblyLoadContext
{
    // Assemblies whose types cross between PowerShell and CellOps: there must be only PowerShell's copy.
    private static readonly HashSet<string> HostAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        "System.Management.Automation",
        "CellOps.PowerShell",
    };

    public ModuleLoadContext(string folder)
        : base("CellOps", isCollectible: false)
    {
        Folder = folder;
    }

    /// <summary>The module's <c>lib</c> folder.</summary>
    public string Folder { get; }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (string.IsNullOrEmpty(assemblyName.Name) || HostAssemblies.Contains(assemblyName.Name)) return null;
        string path = Path.Combine(Folder, assemblyName.Name + ".dll");
        // Anything not shipped in lib (the .NET libraries) comes from the default context.
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        // By full path, so a native library of the same name that another module loaded from its own
        // folder (libSkiaSharp.so of another SkiaSharp version) is a different library from ours.
        foreach (string file in NativeFileNames(unmanagedDllName))
        {
            string path = Path.Combine(Folder, file);
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out IntPtr handle)) return handle;
        }
        return IntPtr.Zero;
    }

    private static IEnumerable<string> NativeFileNames(string name)
    {
        yield return name;
        if (OperatingSystem.IsWindows())
        {
            yield return name + ".dll";
            yield break;
        }
        string extension = OperatingSystem.IsMacOS() ? ".dylib" : ".so";
        yield return name + extension;
        if (!name.StartsWith("lib", StringComparison.Ordinal)) yield return "lib" + name + extension;
    }
}
