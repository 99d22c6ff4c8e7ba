using System.Reflection;
using System.Runtime.InteropServices;
using CellOps.Imaging.Native;
using TorchSharp;

namespace CellOps.Runtime.Torch;

/// <summary>
/// Loads TorchSharp's native backend once per process, from the folder CellOps was installed to, and
/// turns every way that can fail into one <see cref="TorchUnavailableException"/> that names the
/// library and says what to do (instead of a TypeInitializationException deep inside TorchSharp).
/// </summary>
public static class TorchBackend
{
    private const string BridgeLibrary = "libLibTorchSharp.so";
    private static readonly object Gate = new();
    private static TorchUnavailableException? _failure;
    private static bool _loaded;

    /// <summary>Whether a CUDA backend is installed and a GPU is visible (loads the backend first).</summary>
    public static bool CudaAvailable
    {
        get
        {
            EnsureLoaded();
            try
            {
                return torch.cuda.is_available();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return false;
            }
        }
    }

    /// <summary>Loads the backend, or throws the same <see cref="TorchUnavailableException"/> every time it cannot.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded) return;
            if (_failure is not null) throw _failure;
            try
            {
                Load();
                _loaded = true;
            }
            catch (TorchUnavailableException ex)
            {
                _failure = ex;
                throw;
            }
        }
    }

    private static void Load()
    {
        Assembly torchAssembly = typeof(torch).Assembly;
        NativeLibraryResolver.Register(torchAssembly);
        // Before the native library loads: its OpenMP runtime reads the wait policy once, at load.
        OpenMpWaitPolicy.Choose();
        // Before torch allocates: freed activations then stay in the heap instead of being faulted in again each batch.
        NativeHeap.Tune();

        // Load the bridge library by path first: where that fails, the loader's own message names the
        // library or symbol version that is missing, which is what the user needs to see.
        if (OperatingSystem.IsLinux())
        {
            string folder = Path.GetDirectoryName(torchAssembly.Location) ?? AppContext.BaseDirectory;
            string bridge = Path.Combine(folder, BridgeLibrary);
            if (!File.Exists(bridge))
            {
                throw new TorchUnavailableException(
                    $"TorchSharp's native library {BridgeLibrary} is not in {folder}. Rebuild CellOps (dotnet build CellOps.sln -c Release) " +
                    "so the build copies the TorchSharp-cpu runtime beside the module.");
            }
            try
            {
                NativeLibrary.Load(bridge);
            }
            catch (DllNotFoundException ex)
            {
                throw new TorchUnavailableException(Explain(bridge, ex.Message), ex);
            }
        }

        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or NotSupportedException or InvalidOperationException)
        {
            var root = ex;
            while (root.InnerException is not null) root = root.InnerException;
            throw new TorchUnavailableException(Explain(BridgeLibrary, root.Message), ex);
        }
    }

    private static string Explain(string library, string loaderMessage)
    {
        string advice = loaderMessage.Contains("GLIBCXX_", StringComparison.Ordinal)
            ? "This system's C++ runtime (libstdc++) is older than the one TorchSharp was built with. Rebuild CellOps on this machine " +
              "with g++ installed (apt-get install g++; dotnet build CellOps.sln -c Release): the build adapts its copy of the library. " +
              "Or install a libstdc++ from GCC 13 or later."
            : loaderMessage.Contains("cannot open shared object file", StringComparison.Ordinal)
                ? "A library it depends on is missing; the loader's message above names it. Install it, or rebuild CellOps so the build " +
                  "copies the TorchSharp-cpu runtime (libtorch) beside the module."
                : "Rebuild CellOps on this machine (dotnet build CellOps.sln -c Release) and try again.";
        return $"CellOps cannot load TorchSharp's native library {library}: {loaderMessage.Trim()} {advice}";
    }
}
