namespace CellOps.Cli;

/// <summary>
/// Reads the cellops command line. Host switches come first, as with pwsh: everything after the
/// script path (or after -Command) belongs to the script.
/// </summary>
internal static class CommandLineParser
{
    public static HostOptions Parse(IReadOnlyList<string> args)
    {
        var nonInteractive = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!IsSwitch(arg))
            {
                return new HostOptions
                {
                    ScriptPath = arg,
                    ScriptArguments = args.Skip(i + 1).ToArray(),
                    NonInteractive = nonInteractive,
                };
            }

            switch (SwitchName(arg))
            {
                case "help" or "h" or "?":
                    return new HostOptions { Action = HostAction.ShowHelp };
                case "version" or "v":
                    return new HostOptions { Action = HostAction.ShowVersion };
                case "noprofile" or "nop" or "nologo":
                    // cellops never loads profiles or prints a banner; accepted so pwsh command lines work unchanged.
                    break;
                case "noninteractive" or "noni":
                    nonInteractive = true;
                    break;
                case "command" or "c":
                    if (i + 1 >= args.Count)
                    {
                        return Error("-Command needs the text of a command, or '-' to read it from standard input.");
                    }

                    // Like pwsh, the words after -Command form one command line.
                    return new HostOptions
                    {
                        CommandText = string.Join(' ', args.Skip(i + 1)),
                        NonInteractive = nonInteractive,
                    };
                case "file" or "f":
                    if (i + 1 >= args.Count)
                    {
                        return Error("-File needs the path of a .ps1 script.");
                    }

                    return new HostOptions
                    {
                        ScriptPath = args[i + 1],
                        ScriptArguments = args.Skip(i + 2).ToArray(),
                        NonInteractive = nonInteractive,
                    };
                default:
                    return Error($"Unknown option '{arg}'.");
            }
        }

        return Error("Give a script to run, or -Command '...'.");
    }

    private static HostOptions Error(string message) => new() { Action = HostAction.ShowHelp, UsageError = message };

    // A leading '/' is a path on Unix, so only "/?" is taken as a switch.
    private static bool IsSwitch(string arg) => arg.Length > 1 && arg[0] == '-' || arg == "/?";

    private static string SwitchName(string arg) => arg.TrimStart('-', '/').ToLowerInvariant();
}
