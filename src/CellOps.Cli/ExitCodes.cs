namespace CellOps.Cli;

/// <summary>Exit codes of cellops itself; a script's own <c>exit N</c> passes through unchanged.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The script failed: a terminating error, or errors were written.</summary>
    public const int ScriptFailed = 1;

    /// <summary>The command line was wrong or the script file does not exist (as pwsh uses).</summary>
    public const int Usage = 64;

    /// <summary>The CellOps module could not be found or imported.</summary>
    public const int ModuleUnavailable = 69;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
