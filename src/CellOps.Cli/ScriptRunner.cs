using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Runtime.InteropServices;
using CellOps.Cli.Hosting;

namespace CellOps.Cli;

/// <summary>
/// Runs one script or command in a fresh runspace with the CellOps module imported, reports its
/// errors and decides the exit code.
/// </summary>
internal sealed class ScriptRunner
{
    private readonly HostOptions _options;
    private readonly StandardStreams _streams;
    private readonly CellOpsHost _host;
    private readonly Func<TextReader> _openInput;
    private int _errorsWritten;

    public ScriptRunner(HostOptions options, StandardStreams streams, Func<TextReader> openInput)
    {
        _options = options;
        _streams = streams;
        _openInput = openInput;
        _host = new CellOpsHost(streams, new HostInput(openInput, options.NonInteractive, streams.Console.InputIsTerminal));
    }

    public int Run()
    {
        var command = PrepareCommand(out var failureCode);
        if (command is null)
        {
            return failureCode;
        }

        var module = ModuleLocator.Locate();
        if (!module.Exists)
        {
            ReportHostError($"The CellOps module was not found at {module.Path} (looked there because of {module.Origin}). " +
                $"Build CellOps, or set {ModuleLocator.EnvironmentVariable} to the CellOps module folder.");
            return ExitCodes.ModuleUnavailable;
        }

        if (!_streams.Console.ColourOnOutput)
        {
            PSStyle.Instance.OutputRendering = OutputRendering.PlainText;
        }

        using var runspace = RunspaceFactory.CreateRunspace(_host, CreateSessionState());
        runspace.Open();
        runspace.SessionStateProxy.InvokeCommand.CommandNotFoundAction += MissingCommandAdvisor.OnCommandNotFound;

        if (!ImportModule(runspace, module.Path))
        {
            return ExitCodes.ModuleUnavailable;
        }

        return Execute(runspace, command);
    }

    private static InitialSessionState CreateSessionState()
    {
        var state = InitialSessionState.CreateDefault2();
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            // The engine alone defaults to Restricted on Windows; pwsh's own default lets local scripts run.
            state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.RemoteSigned;
        }

        return state;
    }

    /// <summary>Checks and parses what is to run before paying for a runspace.</summary>
    private PreparedCommand? PrepareCommand(out int failureCode)
    {
        failureCode = ExitCodes.Success;
        if (_options.CommandText is { } text)
        {
            if (text == "-")
            {
                text = _openInput().ReadToEnd();
            }

            Parser.ParseInput(text, out _, out var errors);
            if (errors.Length > 0)
            {
                _streams.WriteError(ErrorMessageFormatter.FormatParseErrors(errors) + "\n", Ansi.Red);
                failureCode = ExitCodes.ScriptFailed;
                return null;
            }

            return PreparedCommand.ForText(text);
        }

        var path = Path.GetFullPath(_options.ScriptPath!);
        if (!File.Exists(path))
        {
            ReportHostError(Directory.Exists(path)
                ? $"'{_options.ScriptPath}' is a folder, not a script file."
                : $"The script file '{_options.ScriptPath}' does not exist.");
            failureCode = ExitCodes.Usage;
            return null;
        }

        if (!path.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase))
        {
            ReportHostError($"'{_options.ScriptPath}' is not a PowerShell script: cellops runs .ps1 files.");
            failureCode = ExitCodes.Usage;
            return null;
        }

        var ast = Parser.ParseFile(path, out _, out var parseErrors);
        if (parseErrors.Length > 0)
        {
            _streams.WriteError(ErrorMessageFormatter.FormatParseErrors(parseErrors) + "\n", Ansi.Red);
            failureCode = ExitCodes.ScriptFailed;
            return null;
        }

        var arguments = ScriptArgumentParser.Parse(_options.ScriptArguments, ScriptParameterInfo.FromScript(ast));
        return PreparedCommand.ForScript(path, arguments);
    }

    private bool ImportModule(Runspace runspace, string manifest)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand("Import-Module")
            .AddParameter("Name", manifest)
            .AddParameter("ErrorAction", ActionPreference.Stop);
        try
        {
            ps.Invoke();
            if (ps.Streams.Error.Count == 0)
            {
                return true;
            }

            ReportHostError($"Could not import the CellOps module from {manifest}: {ErrorMessageFormatter.Format(ps.Streams.Error[0])}");
        }
        catch (RuntimeException ex)
        {
            ReportHostError($"Could not import the CellOps module from {manifest}: {ErrorMessageFormatter.Format(ex.ErrorRecord)}");
        }

        return false;
    }

    private int Execute(Runspace runspace, PreparedCommand command)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        command.AddTo(ps);
        ps.AddCommand("Out-Default");
        ps.Streams.Error.DataAdded += (_, e) => ReportError(ps.Streams.Error[e.Index]);

        // Only a script's own `exit` or a native program sets it, so it tells those apart from the default.
        runspace.SessionStateProxy.PSVariable.Remove("LASTEXITCODE");

        using var interrupts = new InterruptHandler(ps);
        int? terminatingCode = null;
        try
        {
            ps.Invoke();
        }
        catch (ExitException ex)
        {
            terminatingCode = ExitCodeOf(ex.Argument);
        }
        catch (PipelineStoppedException) when (interrupts.ExitCode is not null)
        {
        }
        catch (RuntimeException ex)
        {
            ReportError(ex.ErrorRecord);
            terminatingCode = ExitCodes.ScriptFailed;
        }
        finally
        {
            _streams.Flush();
        }

        if (interrupts.ExitCode is { } interrupted)
        {
            return interrupted;
        }

        if (_host.RequestedExitCode is { } requested)
        {
            return requested;
        }

        if (terminatingCode is { } code)
        {
            return code;
        }

        var lastExitCode = ExitCodeOf(runspace.SessionStateProxy.GetVariable("LASTEXITCODE"));
        if (lastExitCode is not ExitCodes.Success)
        {
            return lastExitCode;
        }

        return _errorsWritten > 0 ? ExitCodes.ScriptFailed : ExitCodes.Success;
    }

    private static int ExitCodeOf(object? value)
    {
        if (value is PSObject wrapped)
        {
            value = wrapped.BaseObject;
        }

        return value is null ? ExitCodes.Success : LanguagePrimitives.TryConvertTo<int>(value, out var code) ? code : ExitCodes.ScriptFailed;
    }

    private void ReportError(ErrorRecord record)
    {
        Interlocked.Increment(ref _errorsWritten);
        _streams.WriteError(ErrorMessageFormatter.Format(record) + "\n", Ansi.Red);
    }

    private void ReportHostError(string message) => _streams.WriteError("cellops: " + message + "\n", Ansi.Red);
}
