namespace CellOps.Cli;

/// <summary>What the command line asked the host to do.</summary>
internal sealed class HostOptions
{
    public HostAction Action { get; init; } = HostAction.Run;

    /// <summary>The script file to run; null when running <see cref="CommandText"/>.</summary>
    public string? ScriptPath { get; init; }

    /// <summary>The -Command text; "-" means read it from standard input.</summary>
    public string? CommandText { get; init; }

    /// <summary>Arguments for the script's param() block, as typed.</summary>
    public IReadOnlyList<string> ScriptArguments { get; init; } = Array.Empty<string>();

    /// <summary>Refuse every prompt instead of reading answers from standard input.</summary>
    public bool NonInteractive { get; init; }

    /// <summary>Set when the command line could not be understood.</summary>
    public string? UsageError { get; init; }
}
