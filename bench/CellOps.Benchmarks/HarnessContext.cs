using CellOps.Benchmarks.Peers;
using CellOps.Benchmarks.Report;

namespace CellOps.Benchmarks;

/// <summary>What the suites share during one harness run: options, the report, the peers and a scratch folder.</summary>
internal sealed class HarnessContext : IDisposable
{
    private readonly Dictionary<string, (PyTorchPeer? Peer, PeerUnavailableException? Failure)> _pyTorch = new();
    private LibTiffPeer? _libTiff;
    private PeerUnavailableException? _libTiffFailure;

    public HarnessContext(HarnessOptions options, BenchReport report, string? repoRoot, TextWriter log)
    {
        Options = options;
        Report = report;
        RepoRoot = repoRoot;
        Log = log;
        WorkFolder = Path.Combine(Path.GetTempPath(), "cellops-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(WorkFolder);
    }

    public HarnessOptions Options { get; }

    public bool Quick => Options.Quick;

    public int Threads => Options.Threads;

    public BenchReport Report { get; }

    public string? RepoRoot { get; }

    /// <summary>Progress lines while the suites run.</summary>
    public TextWriter Log { get; }

    /// <summary>A folder for generated files, removed at the end.</summary>
    public string WorkFolder { get; }

    /// <summary>The fp32 matmul rates the matmul suite measured (GFLOP/s), for the network suite's shares.</summary>
    public (double CellOps, double? Peer)? MatmulGflops { get; set; }

    /// <summary>The PyTorch peer as users run it (the OpenMP defaults), started on first use; null with the reason where it cannot run.</summary>
    public PyTorchPeer? PyTorch(out PeerUnavailableException? unavailable) => PyTorch(waitPolicy: null, out unavailable);

    /// <summary>
    /// A PyTorch peer, started on first use; <paramref name="waitPolicy"/> sets its OMP_WAIT_POLICY (null:
    /// libgomp's default), for comparing like with like where CellOps chose one. Null with the reason
    /// where it cannot run.
    /// </summary>
    public PyTorchPeer? PyTorch(string? waitPolicy, out PeerUnavailableException? unavailable)
    {
        string key = waitPolicy ?? "";
        if (!_pyTorch.TryGetValue(key, out var entry))
        {
            try
            {
                if (Options.NoPeers) throw new PeerUnavailableException("peers were turned off (--no-peers).", notInstalled: true);
                string script = RepoRoot is null ? "" : Path.Combine(RepoRoot, "bench", "pytorch", "peer.py");
                if (RepoRoot is null) throw new PeerUnavailableException("the repository (bench/pytorch/peer.py) was not found above the program.", notInstalled: true);
                var environment = waitPolicy is null ? null : LeverEnvironment(waitPolicy);
                Log.WriteLine($"  starting the PyTorch peer ({Options.Python} {script}{(environment is null ? "" : ", " + string.Join(" ", environment.Select(e => $"{e.Key}={e.Value}")))})");
                var peer = PyTorchPeer.Start(Options.Python, script, Threads, environment);
                if (waitPolicy is null) Report.Machine.PyTorch = $"{peer.Version} (BLAS: {peer.Blas})";
                entry = (peer, null);
            }
            catch (PeerUnavailableException e)
            {
                entry = (null, e);
                Log.WriteLine($"  PyTorch peer unavailable: {e.Message}");
            }
            _pyTorch[key] = entry;
        }
        unavailable = entry.Failure;
        return entry.Peer;
    }

    /// <summary>For the notes of like-for-like rows: the heap lever the levers peer shares, or empty where CellOps left the heap alone.</summary>
    public static string HeapLever => Runtime.Torch.NativeHeap.TunedByCellOps
        ? $", glibc heap thresholds as CellOps sets them (mmap {Runtime.Torch.NativeHeap.MmapThreshold >> 20} MiB, trim {Runtime.Torch.NativeHeap.TrimThreshold >> 20} MiB, top pad {Runtime.Torch.NativeHeap.TopPad >> 20} MiB)"
        : "";

    // CellOps' process-wide levers as a peer's environment: the OpenMP wait policy, and glibc's heap thresholds where CellOps raised them.
    private static Dictionary<string, string> LeverEnvironment(string waitPolicy)
    {
        var environment = new Dictionary<string, string> { [Runtime.Torch.OpenMpWaitPolicy.Variable] = waitPolicy };
        if (Runtime.Torch.NativeHeap.TunedByCellOps)
        {
            environment["MALLOC_MMAP_THRESHOLD_"] = Runtime.Torch.NativeHeap.MmapThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
            environment["MALLOC_TRIM_THRESHOLD_"] = Runtime.Torch.NativeHeap.TrimThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
            environment["MALLOC_TOP_PAD_"] = Runtime.Torch.NativeHeap.TopPad.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return environment;
    }

    /// <summary>Marks a PyTorch peer as failed, so later suites do not wait on it again.</summary>
    public void PyTorchFailed(PeerUnavailableException failure, string? waitPolicy = null)
    {
        string key = waitPolicy ?? "";
        if (_pyTorch.TryGetValue(key, out var entry)) entry.Peer?.Dispose();
        _pyTorch[key] = (null, entry.Failure ?? failure);
    }

    /// <summary>The libtiff peer, compiled on first use; null with the reason where it cannot be built.</summary>
    public LibTiffPeer? LibTiff(out PeerUnavailableException? unavailable)
    {
        if (_libTiff is null && _libTiffFailure is null)
        {
            try
            {
                if (Options.NoPeers) throw new PeerUnavailableException("peers were turned off (--no-peers).", notInstalled: true);
                if (RepoRoot is null && Options.TiffDecoder is null) throw new PeerUnavailableException("the repository (bench/libtiff/tiffdecode.c) was not found above the program.", notInstalled: true);
                string source = Path.Combine(RepoRoot ?? "", "bench", "libtiff", "tiffdecode.c");
                _libTiff = LibTiffPeer.Build(source, WorkFolder, Options.TiffDecoder);
                Report.Machine.LibTiff = _libTiff.Version;
            }
            catch (PeerUnavailableException e)
            {
                _libTiffFailure = e;
                Log.WriteLine($"  libtiff peer unavailable: {e.Message}");
            }
        }
        unavailable = _libTiffFailure;
        return _libTiff;
    }

    public void Dispose()
    {
        foreach (var (peer, _) in _pyTorch.Values) peer?.Dispose();
        try
        {
            Directory.Delete(WorkFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a child that is being torn down; the temporary folder is harmless.
        }
    }
}
