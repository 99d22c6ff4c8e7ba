using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace CellOps.PluginHost.Loading;

/// <summary>Reads the assemblies an assembly file references from its metadata, without loading it.</summary>
internal static class AssemblyReferences
{
    /// <exception cref="BadImageFormatException">Not a .NET assembly.</exception>
    public static IReadOnlyList<AssemblyName> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata) throw new BadImageFormatException($"'{Path.GetFileName(path)}' is not a .NET assembly.");
        var reader = pe.GetMetadataReader();
        if (!reader.IsAssembly) throw new BadImageFormatException($"'{Path.GetFileName(path)}' is a module, not an assembly.");
        return reader.AssemblyReferences
            .Select(handle => reader.GetAssemblyReference(handle).GetAssemblyName())
            .ToArray();
    }
}
