using System.Globalization;
using System.Text.Json.Nodes;
using CellOps.Benchmarks.Peers;
using CellOps.Benchmarks.Report;
using CellOps.Benchmarks.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Benchmarks.Suites;

/// <summary>
/// fp32 matrix multiply (torch.mm of two n×n matrices) in TorchSharp and in PyTorch: the rate the
/// machine's BLAS reaches, and what share of the estimated peak that is. It is the yardstick the
/// network figures are put against.
/// </summary>
internal sealed class MatmulSuite : ISuite
{
    public string Name => "matmul";

    public void Run(HarnessContext context)
    {
        int n = context.Quick ? 256 : 2048;
        int warmup = 1, runs = context.Quick ? 1 : 3;
        double flops = 2.0 * n * n * n;
        context.Log.WriteLine($"  fp32 matmul {n}x{n}, {runs} interleaved run(s)");

        using var a = randn(n, n);
        using var b = randn(n, n);
        // Several products per run where one is short, so that a run lasts long enough to time well.
        double single = Interleaved.Seconds(() => mm(a, b).Dispose());
        int repeat = (int)Math.Clamp(Math.Ceiling(0.5 / Math.Max(single, 1e-6)), 1, 200);
        double CellOpsRun() => Interleaved.Seconds(() =>
        {
            for (int i = 0; i < repeat; i++) mm(a, b).Dispose();
        });

        var peer = context.PyTorch(out var unavailable);
        Func<double>? peerRun = peer is null ? null : () => peer.Seconds(new JsonObject { ["op"] = "matmul", ["n"] = n, ["repeat"] = 1 });
        double[][] seconds;
        try
        {
            seconds = Interleaved.Time(warmup, runs, CellOpsRun, peerRun);
        }
        catch (PeerUnavailableException e)
        {
            context.PyTorchFailed(e);
            unavailable = e;
            seconds = new[] { Interleaved.Time(0, runs, CellOpsRun)[0], Array.Empty<double>() };
        }

        var cellOps = Figure.Rate(flops * repeat / 1e9, seconds[0]);
        Figure? pyTorch = seconds[1].Length > 0 ? Figure.Rate(flops / 1e9, seconds[1]) : null;
        context.MatmulGflops = (cellOps.Median, pyTorch?.Median);
        string peerName = PeerName(peer);
        context.Report.Add(new BenchRow
        {
            Id = "matmul.fp32",
            Benchmark = $"fp32 matmul {n}x{n}",
            Unit = "GFLOP/s",
            CellOps = cellOps,
            Peer = pyTorch,
            PeerName = peerName,
            PeerMissing = unavailable?.Status,
            Note = unavailable is not null ? unavailable.Message
                : peer is not null ? $"PyTorch's BLAS is '{peer.Blas}' (Debian's build); TorchSharp's libtorch brings MKL" : null,
        });

        if (context.Report.Machine.Peak is { } peak)
        {
            context.Report.Add(new BenchRow
            {
                Id = "matmul.peak-share",
                Benchmark = "  share of estimated fp32 peak",
                Unit = "% of peak",
                CellOps = cellOps.Scale(100 / peak.GigaFlops),
                Peer = pyTorch?.Scale(100 / peak.GigaFlops),
                PeerName = peerName,
                PeerMissing = unavailable?.Status,
                Note = string.Create(CultureInfo.InvariantCulture, $"peak estimate {peak.GigaFlops:0} GFLOP/s = {peak.Method}"),
            });
        }
    }

    public static string PeerName(PyTorchPeer? peer) => peer is null ? "PyTorch" : $"PyTorch {peer.Version}";
}
