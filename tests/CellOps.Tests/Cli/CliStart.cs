namespace CellOps.Tests.Cli;

/// <summary>How to start cellops for one test.</summary>
public sealed class CliStart
{
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public string? WorkingDirectory { get; init; }

    /// <summary>Written to stdin, which is then closed; null gives an empty, closed stdin.</summary>
    public string? Input { get; init; }

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
}
