using System.Reflection;
using System.Runtime.InteropServices;

namespace CellOps.Imaging.Native;

/// <summary>
/// Finds the native libraries CellOps ships beside its assemblies. An application finds them through
/// its deps.json, but a module loaded into PowerShell is not the application,
/// and the runtime's default probing does not look in the module's folder for them.
/// </summary>
public static class NativeLibraryResolver
{
    private static readonly object Gate = new();
    private static readonly HashSet<Assembly> Registered = new();

    /// <summary>Makes P/Invokes of <paramref name="assembly"/> also look in CellOps' own folder.</summary>
    public static void Register(Assembly assembly)
    {
        lock (Gate)
        {
            if (!Registered.Add(assembly)) return;
            try
            {
                NativeLibrary.SetDllImportResolver(assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // The host already installed a resolver for this assembly; it knows where its libraries are.
            }
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (NativeLibrary.TryLoad(name, assembly, searchPath, out var handle)) return handle;
        foreach (var folder in Folders(assembly))
        {
            foreach (var file in Candidates(name))
            {
                var path = Path.Combine(folder, file);
                if (File.Exists(path) && NativeLibrary.TryLoad(path, out handle)) return handle;
            }
        }
        return IntPtr.Zero;
    }

    private static IEnumerable<string> Folders(Assembly assembly)
    {
        var own = Path.GetDirectoryName(typeof(NativeLibraryResolver).Assembly.Location);
        var theirs = Path.GetDirectoryName(assembly.Location);
        foreach (var folder in new[] { own, theirs }.Where(f => !string.IsNullOrEmpty(f)).Distinct())
        {
            yield return folder!;
            yield return Path.Combine(folder!, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        }
    }

    private static IEnumerable<string> Candidates(string name)
    {
        yield return name;
        if (OperatingSystem.IsWindows())
        {
            yield return name + ".dll";
        }
        else
        {
            string ext = OperatingSystem.IsMacOS() ? ".dylib" : ".so";
            yield return name + ext;
            yield return "lib" + name + ext;
        }
    }
}
