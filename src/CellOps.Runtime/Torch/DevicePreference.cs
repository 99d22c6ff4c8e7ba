namespace CellOps.Runtime.Torch;

/// <summary>Where tensors should live: <c>-Device</c> on the cmdlets, <c>CELLOPS_DEVICE</c> by default.</summary>
public enum DevicePreference
{
    /// <summary>CUDA where TorchSharp's CUDA backend and a GPU are present, else the CPU.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>The first CUDA GPU; an error where there is none.</summary>
    Cuda,
}
