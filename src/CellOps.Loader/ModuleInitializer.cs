using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace CellOps.Loader;

/// <summary>
/// Runs when PowerShell imports the module (this assembly is a nested module that PowerShell loads
/// before the cmdlet assembly): from then on the default load context's requests for CellOps' own
/// libraries, which come from the cmdlet assembly, are answered from <see cref="ModuleLoadContext"/>,
/// which loads everything those libraries need from the module's <c>lib</c> folder. This assembly and
/// the cmdlet assembly stay in PowerShell's default context (PowerShell looks for cmdlets there) and
/// reference only PowerShell and CellOps, so nothing in the default context ever asks for, or gets,
/// a third-party library of CellOps.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    /// <summary>The folder beside the cmdlet assembly that holds the isolated libraries.</summary>
    public const string LibraryFolderName = "lib";

    /// <summary>
    /// The process-wide value (AppDomain data) naming the module folder of the CellOps build this process
    /// loaded; CellOps.SessionCheck.psm1 refuses to import another build beside it.
    /// </summary>
    public const string ModuleFolderKey = "CellOps.ModuleFolder";

    private static readonly object Gate = new();
    private static ModuleLoadContext? _context;
    private static bool _resolving;

    /// <summary>Called by PowerShell when the module is imported.</summary>
    public void OnImport()
    {
        lock (Gate)
        {
            string? folder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location);
            if (string.IsNullOrEmpty(folder)) return;
            AppDomain.CurrentDomain.SetData(ModuleFolderKey, folder);
            // Without a lib folder the libraries are the host's (a process that references them directly,
            // and so already has them in its default context): there is nothing to isolate.
            string lib = Path.Combine(folder, LibraryFolderName);
            if (!Directory.Exists(lib)) return;
            // One context per process: assemblies cannot be unloaded, so a re-import uses the same one.
            _context ??= new ModuleLoadContext(lib);
            if (!_resolving)
            {
                AssemblyLoadContext.Default.Resolving += Resolve;
                _resolving = true;
            }
            ModuleTypeNames.Register();
        }
    }

    /// <summary>Called by PowerShell when the module is removed.</summary>
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        lock (Gate)
        {
            if (_resolving)
            {
                AssemblyLoadContext.Default.Resolving -= Resolve;
                _resolving = false;
            }
            ModuleTypeNames.Unregister();
        }
    }

    // Only CellOps' own libraries, and only those shipped in lib, are handed to the default context:
    // a third-party name asked for by another module must not get our copy.
    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        var isolated = _context;
        if (isolated is null || name.Name is null || !name.Name.StartsWith("CellOps.", StringComparison.Ordinal)) return null;
        if (!File.Exists(Path.Combine(isolated.Folder, name.Name + ".dll"))) return null;
        return isolated.LoadFromAssemblyName(name);
    }
}
