namespace CellOps.Cli.Hosting;

/// <summary>
/// Facts about the console the host runs in, read once so that every writer agrees on them.
/// </summary>
internal sealed class ConsoleEnvironment
{
    // Width used for formatting when there is no terminal to ask; wide enough for CellOps' tables.
    private const int RedirectedWidth = 120;

    public bool OutputIsTerminal { get; init; }

    public bool ErrorIsTerminal { get; init; }

    public bool InputIsTerminal { get; init; }

    /// <summary>NO_COLOR (https://no-color.org) or TERM=dumb switch every colour off.</summary>
    public bool ColourAllowed { get; init; }

    public static ConsoleEnvironment Detect()
    {
        var noColour = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            || string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        return new ConsoleEnvironment
        {
            OutputIsTerminal = !Console.IsOutputRedirected,
            ErrorIsTerminal = !Console.IsErrorRedirected,
            InputIsTerminal = !Console.IsInputRedirected,
            ColourAllowed = !noColour,
        };
    }

    public bool ColourOnOutput => OutputIsTerminal && ColourAllowed;

    public bool ColourOnError => ErrorIsTerminal && ColourAllowed;

    /// <summary>Columns available for formatting output.</summary>
    public int Width
    {
        get
        {
            if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0)
            {
                return columns;
            }

            if (OutputIsTerminal)
            {
                try
                {
                    var width = Console.WindowWidth;
                    if (width > 0)
                    {
                        return width;
                    }
                }
                catch (IOException)
                {
                }
            }

            return RedirectedWidth;
        }
    }

    public int Height
    {
        get
        {
            if (OutputIsTerminal)
            {
                try
                {
                    var height = Console.WindowHeight;
                    if (height > 0)
                    {
                        return height;
                    }
                }
                catch (IOException)
                {
                }
            }

            return 50;
        }
    }
}
