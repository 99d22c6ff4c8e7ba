namespace CellOps.Tests.Scripts;

/// <summary>What a finished pwsh process left behind.</summary>
public sealed record PwshResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}
