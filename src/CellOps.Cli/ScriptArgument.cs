namespace CellOps.Cli;

/// <summary>One argument for a script: named (-Name value, -Switch) or positional.</summary>
internal sealed record ScriptArgument(string? Name, object? Value)
{
    public static ScriptArgument Positional(string value) => new(null, value);

    public static ScriptArgument Named(string name, object? value) => new(name, value);
}
