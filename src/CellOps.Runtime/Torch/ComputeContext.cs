using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Torch;

/// <summary>
/// The one place that decides where and how torch runs: the device, the number of CPU threads and
/// the random seed. Every cmdlet that trains or predicts creates one of these first.
/// </summary>
public sealed class ComputeContext
{
    /// <summary>Environment variable naming the default device (Cpu, Cuda or Auto).</summary>
    public const string DeviceVariable = "CELLOPS_DEVICE";

    /// <summary>Environment variable with the default number of CPU threads.</summary>
    public const string ThreadsVariable = "CELLOPS_THREADS";

    private static readonly object Gate = new();
    private static bool _fallbackReported;

    private ComputeContext(Device device, int threads)
    {
        Device = device;
        Threads = threads;
    }

    /// <summary>The device tensors are placed on.</summary>
    public Device Device { get; }

    /// <summary>Whether that is a GPU.</summary>
    public bool IsCuda => Device.type == DeviceType.CUDA;

    /// <summary>CPU threads torch uses for intra-op parallelism.</summary>
    public int Threads { get; }

    /// <summary>Loads the backend and chooses the device and thread count.</summary>
    /// <param name="preference">The user's choice, or null for <see cref="DeviceVariable"/> (Auto when unset).</param>
    /// <param name="threads">CPU threads, or null for <see cref="ThreadsVariable"/> (all cores when unset).</param>
    /// <param name="verbose">Receives the one-time note that Auto fell back to the CPU.</param>
    /// <exception cref="TorchUnavailableException">The native backend cannot load.</exception>
    /// <exception cref="ArgumentException"><see cref="DeviceVariable"/> holds something else than a device name.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for and is not available.</exception>
    public static ComputeContext Create(DevicePreference? preference = null, int? threads = null, Action<string>? verbose = null)
    {
        TorchBackend.EnsureLoaded();
        var choice = preference ?? FromEnvironment();
        Device device;
        switch (choice)
        {
            case DevicePreference.Cpu:
                device = CPU;
                break;
            case DevicePreference.Cuda:
                if (!TorchBackend.CudaAvailable)
                {
                    throw new InvalidOperationException(
                        "CUDA was requested, but TorchSharp's CUDA backend is not installed or no GPU is visible. " +
                        "Install the TorchSharp-cuda package for your platform, or use -Device Cpu or Auto.");
                }
                device = CUDA;
                break;
            default:
                if (TorchBackend.CudaAvailable)
                {
                    device = CUDA;
                }
                else
                {
                    device = CPU;
                    lock (Gate)
                    {
                        if (!_fallbackReported)
                        {
                            _fallbackReported = true;
                            verbose?.Invoke("No CUDA backend or GPU found; CellOps runs torch on the CPU.");
                        }
                    }
                }
                break;
        }

        int count = threads ?? ThreadsFromEnvironment() ?? Environment.ProcessorCount;
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(threads), count, "The thread count must be at least 1.");
        int applied = SeededRunGate.SetThreads(count);
        if (applied != count) verbose?.Invoke($"A seeded training is running in this process; torch keeps its {applied} CPU thread(s) until it ends.");
        return new ComputeContext(device, count);
    }

    /// <summary>
    /// Seeds every generator torch draws from, so the same seed on the CPU gives the same weights,
    /// the same dropout masks and therefore the same metrics.
    /// </summary>
    public void Seed(long seed)
    {
        torch.random.manual_seed(seed);
        if (IsCuda) torch.cuda.manual_seed_all(seed);
    }

    /// <inheritdoc />
    public override string ToString() => IsCuda ? $"CUDA ({Threads} CPU threads)" : $"CPU ({Threads} threads)";

    private static DevicePreference FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(DeviceVariable);
        if (string.IsNullOrWhiteSpace(text)) return DevicePreference.Auto;
        if (Enum.TryParse<DevicePreference>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value)) return value;
        throw new ArgumentException($"{DeviceVariable} is '{text}'; it must be Cpu, Cuda or Auto.");
    }

    private static int? ThreadsFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return int.TryParse(text, out var n) && n > 0 ? n
            : throw new ArgumentException($"{ThreadsVariable} is '{text}'; it must be a positive whole number.");
    }
}
