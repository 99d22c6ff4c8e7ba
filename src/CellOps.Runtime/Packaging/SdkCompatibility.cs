namespace CellOps.Runtime.Packaging;

/// <summary>Which SDK versions' packages a host can read.</summary>
public static class SdkCompatibility
{
    /// <summary>
    /// Whether a package written with SDK <paramref name="package"/> can be read by a host on SDK
    /// <paramref name="host"/>: the same major version, not a newer minor, and for major 0 (where
    /// every minor may break) exactly the same minor.
    /// </summary>
    public static bool IsCompatible(Version package, Version host)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(host);
        if (package.Major != host.Major) return false;
        return host.Major == 0 ? package.Minor == host.Minor : package.Minor <= host.Minor;
    }

    /// <summary>Parses a version such as <c>0.1.0</c> or <c>1.2.0-beta.1</c> (the pre-release and build parts are ignored).</summary>
    /// <returns>False where the text is not a version.</returns>
    public static bool TryParse(string? text, out Version version)
    {
        version = new Version(0, 0);
        if (string.IsNullOrWhiteSpace(text)) return false;
        var core = text.Split('-', '+')[0];
        if (!Version.TryParse(core, out var parsed)) return false;
        version = parsed;
        return true;
    }
}
