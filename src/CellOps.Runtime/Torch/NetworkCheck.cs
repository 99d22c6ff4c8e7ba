using CellOps.Sdk.Models;
using CellOps.Sdk.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Torch;

/// <summary>
/// The one place where the host builds a plugin's network and checks it before use: no parameter or
/// buffer may start non-finite, absurdly large, or holding the subnormal values that uninitialised
/// memory shows (TorchSharp 0.107's GroupNorm left its weight at values such as 836.5 and 4.6e-41),
/// and layers that let libtorch read freed Scalars are reported.
/// </summary>
public static class NetworkCheck
{
    // Every standard initialisation stays far below this (PyTorch's largest, N(0, 1) embeddings, within ±6).
    private const double LargestInitialValue = 1e3;

    /// <summary>Builds <paramref name="model"/>'s network and checks its initial values.</summary>
    /// <param name="pluginId">The plugin's id, for messages.</param>
    /// <param name="model">The model.</param>
    /// <param name="hyperParameters">Its hyperparameters.</param>
    /// <param name="warn">Receives a line per layer that can free a Scalar libtorch reads, or null.</param>
    /// <param name="translation">For an <see cref="IImageTranslationModel"/>: the input and output channels the data has; null builds its default.</param>
    /// <exception cref="InvalidNetworkException">A parameter or buffer starts at an impossible value.</exception>
    public static nn.Module<Tensor, Tensor> Create(string pluginId, ICellModel model, HyperParameterValues hyperParameters, Action<string>? warn = null,
        (int Input, int Output)? translation = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var network = (model is IImageTranslationModel translator && translation is { } channels
                ? translator.CreateNetwork(hyperParameters, channels.Input, channels.Output)
                : model.CreateNetwork(hyperParameters))
            ?? throw new InvalidNetworkException($"{pluginId}.{model.Name} made no network (CreateNetwork returned null).");
        try
        {
            VerifyInitialValues(network, $"{pluginId}.{model.Name}");
            if (warn is not null)
            {
                foreach (var finding in ScalarLifetimeAudit.ForTorchSharp.ScanLayers(network))
                {
                    warn($"{pluginId}.{model.Name}: layer {finding.Location} can let libtorch read a freed Scalar (random failures under load); {finding.Advice}.");
                }
            }
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Refuses a network any of whose parameters or buffers is non-finite, above 1e3 in magnitude, or subnormal.</summary>
    /// <param name="network">A freshly built network.</param>
    /// <param name="name">The model's name, for the message.</param>
    /// <exception cref="InvalidNetworkException">The first offending tensor, by name and layer type.</exception>
    public static void VerifyInitialValues(nn.Module network, string name)
    {
        ArgumentNullException.ThrowIfNull(network);
        var layers = network.named_modules().ToDictionary(m => m.name, m => m.module.GetType().Name);
        foreach (var (tensorName, tensor) in network.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(network.named_buffers()))
        {
            if (!tensor.is_floating_point() || tensor.numel() == 0) continue;
            if (Problem(tensor) is not { } problem) continue;
            int dot = tensorName.LastIndexOf('.');
            string layer = dot < 0 ? "(network)" : tensorName[..dot];
            string type = layers.TryGetValue(dot < 0 ? "" : layer, out var t) ? t : network.GetType().Name;
            throw new InvalidNetworkException(
                $"{name}'s new network is not properly initialised: '{tensorName}' ({type} '{layer}') {problem}. " +
                (type == "GroupNorm" && network.named_modules().Any(m => m.module is TorchSharp.Modules.GroupNorm)
                    ? "TorchSharp's nn.GroupNorm never initialises its weight and bias; use CellOps.Sdk.Torch.Layers.GroupNorm."
                    : "The plugin must initialise every parameter and buffer it creates (torch.empty leaves memory as it was)."));
        }
    }

    private static string? Problem(Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        var values = tensor.detach().to(ScalarType.Float64, torch.CPU);
        long nonFinite = values.isfinite().logical_not().sum().item<long>();
        if (nonFinite > 0) return $"holds {nonFinite} non-finite value(s)";
        double largest = values.abs().max().item<double>();
        if (largest > LargestInitialValue) return $"holds values up to {largest:G4} in magnitude";
        // Subnormal float32 values: never produced by an initialiser, typical of memory left as it was.
        var magnitude = values.abs();
        long subnormal = magnitude.gt(Scalars.Of(0.0)).logical_and(magnitude.lt(Scalars.Of((double)float.Epsilon * (1 << 23)))).sum().item<long>();
        return subnormal > 0 ? $"holds {subnormal} subnormal value(s), the mark of uninitialised memory" : null;
    }
}
