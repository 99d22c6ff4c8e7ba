namespace CellOps.Runtime.Packaging;

/// <summary>
/// The rules for entry names inside a model package, shared by the writer, the reader and extraction
/// so that a name accepted on one side can never escape on another.
/// </summary>
public static class PackageEntryNames
{
    /// <summary>The entry that holds the manifest; reserved, never listed in <see cref="ModelManifest.Entries"/>.</summary>
    public const string Manifest = "manifest.json";

    /// <summary>The entry that holds a package's signature (see <c>CellOps.Runtime.Signing</c>); reserved, never listed in <see cref="ModelManifest.Entries"/>.</summary>
    public const string Signature = "signature/signature.json";

    /// <summary>Why <paramref name="name"/> is not a safe entry name, or null where it is.</summary>
    /// <remarks>
    /// Safe means relative, forward slashes only, no empty, <c>.</c> or <c>..</c> segments, no drive
    /// letters or colons, no control characters, and no segment ending in a dot or space (Windows drops
    /// those, so two different names could land on one file).
    /// </remarks>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "is empty";
        if (name.Contains('\\')) return "contains a backslash";
        if (name.Contains(':')) return "contains a colon (drive letter or stream name)";
        if (name.Any(char.IsControl)) return "contains a control character";
        if (name.StartsWith('/') || Path.IsPathRooted(name)) return "is an absolute path";
        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0) return "has an empty path segment";
            if (segment.All(c => c == '.')) return "climbs out of its folder with '.' or '..'";
            if (segment.EndsWith('.') || segment.EndsWith(' ')) return "has a path segment ending in a dot or space";
        }
        return null;
    }

    /// <summary>Whether <paramref name="name"/> is a safe entry name (see <see cref="Problem"/>).</summary>
    public static bool IsSafe(string? name) => Problem(name) is null;

    /// <summary>
    /// The full path an entry extracts to under <paramref name="folder"/>, checked to lie inside it
    /// after the operating system's own path resolution.
    /// </summary>
    /// <exception cref="ArgumentException">The name is unsafe or resolves outside the folder.</exception>
    public static string ResolveUnder(string folder, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var problem = Problem(name);
        if (problem is not null) throw new ArgumentException($"Entry name '{name}' {problem}.", nameof(name));
        var root = Path.GetFullPath(folder);
        if (!Path.EndsInDirectorySeparator(root)) root += Path.DirectorySeparatorChar;
        // Checked again on the resolved path: the name rules are the first line, this is the one that
        // holds whatever the platform's path syntax turns out to allow.
        var target = Path.GetFullPath(Path.Combine(root, name));
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        if (!target.StartsWith(root, comparison) || target.Length == root.Length)
            throw new ArgumentException($"Entry name '{name}' resolves outside '{folder}'.", nameof(name));
        return target;
    }
}
