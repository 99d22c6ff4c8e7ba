namespace CellOps.Sdk;

/// <summary>
/// The version of this CellOps.Sdk, and the one rule for what a host with it can load: a plugin built
/// against an SDK version, or a model package written by one.
/// </summary>
public static class SdkVersion
{
    /// <summary>The version of the CellOps.Sdk assembly loaded in this process.</summary>
    public static Version Current { get; } = typeof(SdkVersion).Assembly.GetName().Version ?? new Version(0, 0);

    /// <summary>
    /// Whether a host with SDK <paramref name="host"/> can load something built against SDK <paramref name="builtFor"/>:
    /// the same major version and a minor version no newer than the host's; before 1.0, the same minor version.
    /// </summary>
    public static bool CanLoad(Version builtFor, Version host)
    {
        ArgumentNullException.ThrowIfNull(builtFor);
        ArgumentNullException.ThrowIfNull(host);
        if (builtFor.Major != host.Major) return false;
        return host.Major == 0 ? builtFor.Minor == host.Minor : builtFor.Minor <= host.Minor;
    }
}
