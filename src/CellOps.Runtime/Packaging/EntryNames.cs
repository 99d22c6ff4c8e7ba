namespace CellOps.Runtime.Packaging;

/// <summary>Rules for entry names: relative, forward slashes, nothing that could leave the package's folder.</summary>
internal static class EntryNames
{
    public const string Manifest = "manifest.json";

    /// <summary>Whether <paramref name="name"/> is a safe relative entry name.</summary>
    public static bool IsSafe(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 260) return false;
        if (name.Contains('\\') || name.Contains('\0') || name.Contains(':')) return false;
        if (name.StartsWith('/') || name.EndsWith('/')) return false;
        foreach (var part in name.Split('/'))
        {
            if (part.Length == 0 || part == "." || part == "..") return false;
        }
        return true;
    }
}
