using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CellOps.Benchmarks.Peers;

/// <summary>
/// Debian's PyTorch running bench/pytorch/peer.py, kept alive for the whole harness run and driven one
/// request at a time over its stdin/stdout, so that its timed runs can alternate with CellOps' runs.
/// </summary>
internal sealed class PyTorchPeer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private PyTorchPeer(Process process, string version, string blas)
    {
        _process = process;
        Version = version;
        Blas = blas;
    }

    /// <summary>torch.__version__.</summary>
    public string Version { get; }

    /// <summary>The BLAS PyTorch was built against, as torch.__config__ reports it.</summary>
    public string Blas { get; }

    /// <summary>Starts the peer and sets its thread count.</summary>
    /// <param name="python">The interpreter that has torch.</param>
    /// <param name="script">bench/pytorch/peer.py.</param>
    /// <param name="threads">torch.set_num_threads.</param>
    /// <param name="environment">Variables to set for the peer on top of the harness's own environment.</param>
    /// <exception cref="PeerUnavailableException">Python or torch is missing, or the peer does not answer.</exception>
    public static PyTorchPeer Start(string python, string script, int threads, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(script)) throw new PeerUnavailableException($"{script} is missing.", notInstalled: true);
        var info = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-u");
        info.ArgumentList.Add(script);
        // One thread count for both sides, set by the peer itself; these keep OpenMP from deciding otherwise first.
        info.Environment["OMP_NUM_THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["MKL_NUM_THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new PeerUnavailableException($"{python} did not start.", notInstalled: true);
        }
        catch (Win32Exception e)
        {
            throw new PeerUnavailableException($"{python} is not installed ({e.Message}).", notInstalled: true, e);
        }

        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        JsonObject hello;
        try
        {
            hello = Exchange(process, errors, new JsonObject { ["op"] = "hello", ["threads"] = threads });
        }
        catch (PeerUnavailableException e)
        {
            process.Dispose();
            string text;
            lock (errors) text = errors.ToString();
            bool missing = text.Contains("No module named 'torch'", StringComparison.Ordinal);
            throw missing
                ? new PeerUnavailableException($"python3-torch is not installed for {python} (import torch failed); bench/run.sh installs it.", notInstalled: true)
                : e;
        }
        var peer = new PyTorchPeer(process, hello["torch"]?.GetValue<string>() ?? "unknown", hello["blas"]?.GetValue<string>() ?? "unknown");
        lock (errors) peer._errors.Append(errors);
        return peer;
    }

    /// <summary>Whether a request has failed; the peer is not asked again.</summary>
    public bool HasFailed { get; private set; }

    /// <summary>Sends one request and returns the reply.</summary>
    /// <exception cref="PeerUnavailableException">The peer died or reported an error.</exception>
    public JsonObject Send(JsonObject request)
    {
        try
        {
            return Exchange(_process, _errors, request);
        }
        catch (PeerUnavailableException)
        {
            HasFailed = true;
            throw;
        }
    }

    /// <summary>Sends a timed request and returns the seconds the peer measured.</summary>
    public double Seconds(JsonObject request) =>
        Send(request)["seconds"]?.GetValue<double>() ?? throw new PeerUnavailableException($"The PyTorch peer's reply to {request["op"]} has no seconds.", notInstalled: false);

    private static JsonObject Exchange(Process process, StringBuilder errors, JsonObject request)
    {
        string? line;
        try
        {
            process.StandardInput.WriteLine(request.ToJsonString());
            process.StandardInput.Flush();
            line = process.StandardOutput.ReadLine();
        }
        catch (IOException e)
        {
            throw new PeerUnavailableException($"The PyTorch peer stopped: {e.Message}. {Tail(errors)}", notInstalled: false, e);
        }
        if (line is null)
        {
            process.WaitForExit(5000);
            throw new PeerUnavailableException($"The PyTorch peer exited. {Tail(errors)}", notInstalled: false);
        }
        var reply = JsonNode.Parse(line) as JsonObject ?? throw new PeerUnavailableException($"The PyTorch peer answered '{line}'.", notInstalled: false);
        if (reply["error"] is { } error) throw new PeerUnavailableException($"The PyTorch peer failed at {request["op"]}: {error.GetValue<string>()}", notInstalled: false);
        return reply;
    }

    private static string Tail(StringBuilder errors)
    {
        string text;
        lock (errors) text = errors.ToString().Trim();
        var lines = text.Split('\n');
        return lines.Length == 0 || text.Length == 0 ? "" : "Its last words: " + string.Join(" | ", lines.TakeLast(3).Select(l => l.Trim()));
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine(JsonSerializer.Serialize(new { op = "quit" }));
                _process.StandardInput.Close();
                if (!_process.WaitForExit(10_000)) _process.Kill();
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // Already gone: nothing to stop.
        }
        _process.Dispose();
    }
}
