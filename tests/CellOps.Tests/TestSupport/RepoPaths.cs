namespace CellOps.Tests.TestSupport;

/// <summary>Where the repository, the built module and the shared data sets are, seen from a test.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string ModuleManifest => Path.Combine(Root, "out", "CellOps", "CellOps.psd1");

    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>The shared data sets beside the checkout (../shared/data), or null where absent.</summary>
    public static string? SharedData
    {
        get
        {
            var candidate = Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));
            return Directory.Exists(candidate) ? candidate : null;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CellOps.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No CellOps.sln above {AppContext.BaseDirectory}.");
    }
}
