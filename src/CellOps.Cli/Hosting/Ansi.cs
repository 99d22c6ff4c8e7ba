namespace CellOps.Cli.Hosting;

/// <summary>The few escape sequences the host writes itself.</summary>
internal static class Ansi
{
    public const string Reset = "\u001b[0m";
    public const string Red = "\u001b[31;1m";
    public const string Yellow = "\u001b[33;1m";
    public const string Cyan = "\u001b[36m";
    public const string ClearLine = "\r\u001b[2K";
}
