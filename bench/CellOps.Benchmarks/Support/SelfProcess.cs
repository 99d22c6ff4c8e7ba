using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CellOps.Benchmarks.Support;

/// <summary>
/// Runs this program again as a child (<c>--child NAME ...</c>) for a measurement that needs a fresh
/// process: a clean memory baseline, or an environment that must be set before torch loads. The child
/// prints one line <c>RESULT {json}</c>.
/// </summary>
internal static class SelfProcess
{
    public const string ResultPrefix = "RESULT ";

    /// <summary>Runs the child and returns its result.</summary>
    /// <exception cref="InvalidOperationException">The child failed or printed no result.</exception>
    public static JsonObject Run(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Under `dotnet CellOps.Benchmarks.dll` the process is dotnet itself and needs the program's path.
        if (Path.GetFileNameWithoutExtension(info.FileName) == "dotnet") info.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        info.ArgumentList.Add("--child");
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string? line = output.Split('\n').LastOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"The child '{string.Join(' ', arguments.Take(1))}' failed (exit {process.ExitCode}): {errors.Result.Trim()} {output.Trim()}");
        }
        return (JsonObject)JsonNode.Parse(line[ResultPrefix.Length..])!;
    }

    /// <summary>Prints a child's result line.</summary>
    public static void Report(JsonObject result) => Console.WriteLine(ResultPrefix + result.ToJsonString());
}
