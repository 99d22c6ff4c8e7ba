namespace CellOps.Cli;

internal enum HostAction
{
    Run,
    ShowHelp,
    ShowVersion,
}
