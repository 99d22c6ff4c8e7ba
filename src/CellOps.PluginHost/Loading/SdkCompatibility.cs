using CellOps.Sdk.Models;

namespace CellOps.PluginHost.Loading;

/// <summary>
/// Which CellOps.Sdk versions a plugin may be built against: the host's major version and a minor
/// version not newer than the host's; while the major version is 0 (the contract still moving), the
/// same minor version.
/// </summary>
public static class SdkCompatibility
{
    /// <summary>The version of the CellOps.Sdk assembly this host runs with.</summary>
    public static Version HostVersion { get; } = typeof(ICellPlugin).Assembly.GetName().Version ?? new Version(0, 0);

    /// <summary>Whether a plugin built against <paramref name="plugin"/> runs on a host with <paramref name="host"/>.</summary>
    public static bool IsCompatible(Version host, Version plugin)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(plugin);
        if (host.Major != plugin.Major) return false;
        return host.Major == 0 ? host.Minor == plugin.Minor : plugin.Minor <= host.Minor;
    }

    /// <summary><c>major.minor</c>.</summary>
    public static string Format(Version version) => $"{version.Major}.{Math.Max(version.Minor, 0)}";
}
