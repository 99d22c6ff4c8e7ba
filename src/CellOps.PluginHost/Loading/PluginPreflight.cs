using System.Reflection;
using CellOps.PluginHost.Manifest;
using CellOps.Sdk;
using TorchSharp;

namespace CellOps.PluginHost.Loading;

/// <summary>Checks that need no plugin code to run: the SDK version in the manifest and the assembly's own references.</summary>
internal static class PluginPreflight
{
    private const string SdkAssembly = "CellOps.Sdk";
    private const string TorchAssembly = "TorchSharp";

    /// <exception cref="PluginLoadException">The plugin was built for another SDK or a newer TorchSharp, or is not a .NET assembly.</exception>
    public static void Check(PluginManifest manifest)
    {
        var host = SdkVersion.Current;
        if (!SdkVersion.CanLoad(manifest.SdkVersion, host))
        {
            throw new PluginLoadException(PluginFailure.IncompatibleSdk,
                $"it was built for CellOps.Sdk {MajorMinor(manifest.SdkVersion)} (plugin.json sdkVersion); this CellOps has CellOps.Sdk {MajorMinor(host)}",
                manifest.Id);
        }

        IReadOnlyList<AssemblyName> references;
        try
        {
            references = AssemblyReferences.Read(manifest.AssemblyPath);
        }
        catch (BadImageFormatException ex)
        {
            throw new PluginLoadException(PluginFailure.MissingAssembly, $"'{manifest.Assembly}' is not a .NET assembly ({ex.Message})", manifest.Id, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PluginLoadException(PluginFailure.MissingAssembly, $"'{manifest.Assembly}' cannot be read ({ex.Message})", manifest.Id, ex);
        }

        var sdk = references.FirstOrDefault(r => string.Equals(r.Name, SdkAssembly, StringComparison.OrdinalIgnoreCase));
        if (sdk?.Version is null)
            throw new PluginLoadException(PluginFailure.IncompatibleSdk, $"'{manifest.Assembly}' does not reference CellOps.Sdk, so it cannot implement ICellPlugin", manifest.Id);
        if (!SdkVersion.CanLoad(sdk.Version, host))
        {
            throw new PluginLoadException(PluginFailure.IncompatibleSdk,
                $"'{manifest.Assembly}' was compiled against CellOps.Sdk {sdk.Version}; this CellOps has CellOps.Sdk {host}", manifest.Id);
        }

        var torch = references.FirstOrDefault(r => string.Equals(r.Name, TorchAssembly, StringComparison.OrdinalIgnoreCase));
        var hostTorch = typeof(torch).Assembly.GetName().Version;
        if (torch?.Version is not null && hostTorch is not null && torch.Version > hostTorch)
        {
            throw new PluginLoadException(PluginFailure.IncompatibleSdk,
                $"'{manifest.Assembly}' was compiled against TorchSharp {torch.Version}, newer than this CellOps's TorchSharp {hostTorch}", manifest.Id);
        }
    }

    private static string MajorMinor(Version version) => $"{version.Major}.{Math.Max(version.Minor, 0)}";
}
