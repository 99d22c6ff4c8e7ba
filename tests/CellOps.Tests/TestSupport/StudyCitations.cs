using Xunit;

namespace CellOps.Tests.TestSupport;

/// <summary>The citations the design's study table gives, which each plugin's metadata must match exactly.</summary>
internal static class StudyCitations
{
    /// <summary>The study's entry in ARCHITECTURE.md's list of citations, its wrapped lines joined by one space.</summary>
    public static string InArchitecture(string plugin)
    {
        string path = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "design", "ARCHITECTURE.md"));
        if (!File.Exists(path)) throw new FileNotFoundException($"No design document beside {RepoPaths.Root}.", path);
        var lines = File.ReadAllLines(path);
        int start = Array.FindIndex(lines, l => l.StartsWith($"- {plugin}: ", StringComparison.Ordinal));
        Assert.True(start >= 0, $"ARCHITECTURE.md lists no citation for {plugin}.");
        var entry = new List<string> { lines[start][$"- {plugin}: ".Length..] };
        for (int i = start + 1; i < lines.Length && lines[i].StartsWith("  ", StringComparison.Ordinal) && lines[i].Trim().Length > 0; i++)
        {
            entry.Add(lines[i].Trim());
        }
        return string.Join(" ", entry);
    }
}
