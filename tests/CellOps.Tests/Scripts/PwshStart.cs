namespace CellOps.Tests.Scripts;

/// <summary>How to start pwsh for one test.</summary>
public sealed class PwshStart
{
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public string? WorkingDirectory { get; init; }

    /// <summary>Written to stdin, which is then closed; null gives an empty, closed stdin.</summary>
    public string? Input { get; init; }

    /// <summary>Start pwsh with SIGINT at its default, even where this process ignores it.</summary>
    public bool TakeInterrupts { get; init; }

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
}
