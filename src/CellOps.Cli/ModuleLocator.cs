namespace CellOps.Cli;

/// <summary>
/// Finds the CellOps module: CELLOPS_MODULE_PATH when set (a .psd1 or the folder holding
/// CellOps.psd1), otherwise the CellOps folder the build puts beside the host's folder.
/// </summary>
internal static class ModuleLocator
{
    public const string EnvironmentVariable = "CELLOPS_MODULE_PATH";
    private const string ManifestName = "CellOps.psd1";

    /// <summary>The manifest to import, and where it was looked for (for the error message when absent).</summary>
    public static (string Path, bool Exists, string Origin) Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = System.IO.Path.GetFullPath(configured);
            var manifest = Directory.Exists(full) ? System.IO.Path.Combine(full, ManifestName) : full;
            return (manifest, File.Exists(manifest), $"{EnvironmentVariable}={configured}");
        }

        var beside = System.IO.Path.GetFullPath(System.IO.Path.Combine(AppContext.BaseDirectory, "..", "CellOps", ManifestName));
        return (beside, File.Exists(beside), "the cellops installation");
    }
}
