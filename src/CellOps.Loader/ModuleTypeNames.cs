using System.Reflection;
using System.Runtime.Loader;

namespace CellOps.Loader;

/// <summary>
/// Keeps type literals such as <c>[CellOps.Runtime.Training.TrainedModel]</c> working in scripts.
/// PowerShell looks up a type name only in the default load context, where CellOps' libraries no
/// longer are; registering each public CellOps type under its full name as a type accelerator
/// makes the name resolve to the type the cmdlets actually return.
/// </summary>
internal static class ModuleTypeNames
{
    private static readonly string[] Libraries = { "CellOps.Sdk", "CellOps.Imaging", "CellOps.Runtime", "CellOps.Reporting", "CellOps.PluginHost" };
    private static readonly List<string> Added = new();

    private static readonly Type? Accelerators = typeof(System.Management.Automation.PSObject).Assembly
        .GetType("System.Management.Automation.TypeAccelerators");

    public static void Register()
    {
        var add = Accelerators?.GetMethod("Add", BindingFlags.Public | BindingFlags.Static, new[] { typeof(string), typeof(Type) });
        var existing = Accelerators?.GetProperty("Get", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IDictionary<string, Type>;
        if (add is null || existing is null) return;
        foreach (string library in Libraries)
        {
            foreach (var type in PublicTypes(library))
            {
                if (type.FullName is not { } name || existing.ContainsKey(name)) continue;
                add.Invoke(null, new object[] { name, type });
                Added.Add(name);
            }
        }
    }

    public static void Unregister()
    {
        var remove = Accelerators?.GetMethod("Remove", BindingFlags.Public | BindingFlags.Static, new[] { typeof(string) });
        if (remove is null) return;
        foreach (string name in Added) remove.Invoke(null, new object[] { name });
        Added.Clear();
    }

    private static IEnumerable<Type> PublicTypes(string library)
    {
        Type?[] types;
        try
        {
            // The copy the cmdlets bind to. Where that is in the default context (a process that has
            // CellOps' libraries on its own path) PowerShell finds its types without help.
            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(library));
            if (AssemblyLoadContext.GetLoadContext(assembly) == AssemblyLoadContext.Default) yield break;
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types;
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            yield break;
        }
        foreach (var type in types)
        {
            // A generic definition has no literal of its own (List[T] is written with its arguments).
            if (type is { IsGenericTypeDefinition: false }) yield return type;
        }
    }
}
