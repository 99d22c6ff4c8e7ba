using CellOps.Cli;
using CellOps.Cli.Hosting;

var options = CommandLineParser.Parse(args);
switch (options.Action)
{
    case HostAction.ShowVersion:
        Console.Out.WriteLine(HostVersion.Describe());
        return ExitCodes.Success;
    case HostAction.ShowHelp when options.UsageError is not null:
        Console.Error.WriteLine("cellops: " + options.UsageError);
        Console.Error.WriteLine(UsageText.Text);
        return ExitCodes.Usage;
    case HostAction.ShowHelp:
        Console.Out.WriteLine(UsageText.Text);
        return ExitCodes.Success;
}

var streams = new StandardStreams(Console.Out, Console.Error, ConsoleEnvironment.Detect());
return new ScriptRunner(options, streams, () => Console.In).Run();
