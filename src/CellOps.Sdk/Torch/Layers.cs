namespace CellOps.Sdk.Torch;

/// <summary>
/// Layers to use instead of TorchSharp's own where TorchSharp 0.107's are unsafe or wrong: each
/// behaves as PyTorch's layer of the same name. Every other TorchSharp layer (Conv2d, ConvTranspose2d,
/// Linear, pooling, Dropout, ReLU, Tanh, Sequential, …) is fine to use as it is; CellOps' tests check
/// the layers of every built-in plugin network, and the host checks any plugin's new network before
/// training it.
/// </summary>
public static class Layers
{
    /// <summary>Batch normalisation over N×C×H×W maps that never frees a Scalar libtorch is reading.</summary>
    /// <param name="features">C, the number of channels.</param>
    /// <param name="eps">Added to the variance for numerical stability.</param>
    /// <param name="momentum">Weight of the newest batch in the running statistics.</param>
    /// <param name="affine">Whether to learn a per-channel scale and shift.</param>
    /// <param name="trackRunningStats">Whether to keep running statistics for evaluation.</param>
    public static BatchNorm2d BatchNorm2d(long features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool trackRunningStats = true) =>
        new(features, eps, momentum, affine, trackRunningStats);

    /// <summary>Group normalisation whose affine weight starts at ones and bias at zeros.</summary>
    /// <param name="groups">The number of groups; must divide <paramref name="channels"/>.</param>
    /// <param name="channels">C, the number of channels.</param>
    /// <param name="eps">Added to the variance for numerical stability.</param>
    /// <param name="affine">Whether to learn a per-channel scale and shift.</param>
    public static GroupNorm GroupNorm(long groups, long channels, double eps = 1e-5, bool affine = true) =>
        new(groups, channels, eps, affine);

    /// <summary>A leaky ReLU whose slope Scalar is never freed while libtorch reads it.</summary>
    /// <param name="negativeSlope">The slope for negative inputs.</param>
    /// <param name="inplace">Whether to overwrite the input.</param>
    public static LeakyReLU LeakyReLU(double negativeSlope = 0.01, bool inplace = false) => new(negativeSlope, inplace);
}
