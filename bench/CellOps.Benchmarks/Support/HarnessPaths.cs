namespace CellOps.Benchmarks.Support;

/// <summary>Where the harness finds the repository's peer sources, seen from the built program.</summary>
internal static class HarnessPaths
{
    /// <summary>The checkout holding CellOps.sln above the program, or null where the program was copied elsewhere.</summary>
    public static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CellOps.sln"))) return dir.FullName;
        }
        return null;
    }
}
