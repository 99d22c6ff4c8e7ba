using System.Runtime.InteropServices;
using CellOps.Sdk.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Attention;

/// <summary>
/// Gradient-weighted class activation maps (Grad-CAM, Selvaraju et al. 2017) of a tile classifier:
/// where in a tile the evidence for a class lies. The last convolutional feature map A (C×h×w) is
/// weighted channel by channel by the spatial mean of the class logit's gradient, summed over the
/// channels, cut at zero, placed on the tile by where each cell's window is centred (see
/// <see cref="FeatureGeometry"/>; a plain bilinear resize where that cannot be traced) and divided by its maximum.
/// </summary>
/// <remarks>
/// <para>
/// The layer (see <see cref="Layer"/>) is found once, from one forward pass with a forward hook on
/// every module: where the network implements <see cref="ITransferableNetwork"/> and its backbone
/// gives a 4-D map, the backbone's; otherwise the last module to finish (hooks of outer modules fire
/// after those of inner ones, so a block wins over the pooling inside it) whose output is N×C×h×w
/// with more than one cell, i.e. the last feature map before global pooling or flattening.
/// </para>
/// <para>
/// The forward pass runs without gradients up to that layer. There a hook swaps the map for a copy
/// of itself that requires gradients and turns gradients on for the rest of the pass, and the
/// gradient is taken with <c>autograd.grad</c> with respect to that copy alone: the parameters'
/// gradients are neither computed nor accumulated, so frozen weights, weights that require gradients
/// and the optimizer state are all left as they were, and the network runs in evaluation mode
/// (each module's mode restored afterwards). Hooks fire only for modules run through <c>call</c>, as every CellOps
/// network runs its layers.
/// </para>
/// </remarks>
public sealed class GradCam
{
    private readonly nn.Module<Tensor, Tensor> _network;

    /// <summary>Explains <paramref name="network"/>, a classifier giving N×K logits.</summary>
    public GradCam(nn.Module<Tensor, Tensor> network)
    {
        _network = network ?? throw new ArgumentNullException(nameof(network));
    }

    /// <summary>The explained layer, once a batch has been computed (or <see cref="FindLayer"/> called); else null.</summary>
    public AttentionLayer? Layer { get; private set; }

    /// <summary>
    /// Finds the layer to explain from one forward pass over the first tile of <paramref name="inputs"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The network has no 4-D feature map larger than 1×1.</exception>
    public AttentionLayer FindLayer(Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var seen = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        var calls = new Dictionary<nn.Module, int>(ReferenceEqualityComparer.Instance);
        var firings = new List<(string Name, nn.Module<Tensor, Tensor> Module, int Call, long[] Input, long[] Shape)>();
        var removers = new List<Action>();
        var modes = TrainingModes.Of(_network);
        try
        {
            foreach (var (name, module) in _network.named_modules())
            {
                if (module is not nn.Module<Tensor, Tensor> hooked || !seen.Add(module)) continue;
                var remover = hooked.register_forward_hook((m, input, output) =>
                {
                    int call = calls.GetValueOrDefault(m);
                    calls[m] = call + 1;
                    firings.Add((name, m, call, input.shape, output.shape));
                    return null!;
                });
                removers.Add(remover.remove);
            }
            _network.eval();
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            _network.call(inputs.narrow(0, 0, 1));
        }
        finally
        {
            foreach (var remove in removers) remove();
            modes.Restore();
        }

        static bool IsMap(long[] shape) => shape.Length == 4 && shape[2] * shape[3] > 1;
        var backbone = (_network as ITransferableNetwork)?.Backbone;
        int chosen = backbone is null ? -1 : firings.FindLastIndex(f => ReferenceEquals(f.Module, backbone) && IsMap(f.Shape));
        if (chosen < 0) chosen = firings.FindLastIndex(f => IsMap(f.Shape));
        if (chosen < 0)
        {
            throw new InvalidOperationException(
                $"{_network.GetType().Name} has no convolutional feature map (a module giving N×C×h×w with h×w > 1) to explain.");
        }
        var f = firings[chosen];
        var traced = firings.Take(chosen + 1).Select(c => new FeatureGeometry.Call(c.Module, c.Input, c.Shape)).ToArray();
        Layer = new AttentionLayer(f.Name, f.Module, f.Call, f.Shape)
        {
            Geometry = FeatureGeometry.Trace(traced, inputs.shape[2], inputs.shape[3]),
        };
        return Layer;
    }

    /// <summary>Computes the maps of one batch.</summary>
    /// <param name="inputs">N×C×H×W normalised tiles, on the network's device.</param>
    /// <param name="targets">Per tile, the class to explain; null explains each tile's predicted class.</param>
    /// <exception cref="ArgumentException">A target is not a class of the network, or there are not N of them.</exception>
    /// <exception cref="InvalidOperationException">The network is no classifier or has no feature map to explain.</exception>
    public GradCamBatch Compute(Tensor inputs, IReadOnlyList<int>? targets = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.dim() != 4) throw new ArgumentException($"Grad-CAM takes N×C×H×W tiles, not a tensor of shape [{string.Join(",", inputs.shape)}].", nameof(inputs));
        int count = (int)inputs.shape[0], height = (int)inputs.shape[2], width = (int)inputs.shape[3];
        if (targets is not null && targets.Count != count) throw new ArgumentException($"{targets.Count} target classes for {count} tiles.", nameof(targets));
        var layer = Layer ?? FindLayer(inputs);

        var modes = TrainingModes.Of(_network);
        _network.eval();
        using var scope = torch.NewDisposeScope();
        Tensor? activation = null;
        IDisposable? gradients = null;
        int call = 0;
        var remover = layer.Module.register_forward_hook((_, _, output) =>
        {
            if (call++ != layer.Call) return null!;
            activation = output.detach().requires_grad_(true);
            gradients = torch.enable_grad();
            // A copy, not the leaf itself: the network may release or modify in place what its layer returned.
            return activation.clone();
        });
        Tensor logits;
        try
        {
            using (torch.no_grad())
            {
                try
                {
                    logits = _network.call(inputs);
                }
                finally
                {
                    gradients?.Dispose();
                }
            }
        }
        finally
        {
            remover.remove();
            modes.Restore();
        }
        if (activation is null)
        {
            throw new InvalidOperationException($"The layer {layer.Name} did not run in the forward pass; Grad-CAM cannot explain {_network.GetType().Name}.");
        }
        if (logits.dim() != 2 || logits.shape[0] != count)
        {
            throw new InvalidOperationException(
                $"Grad-CAM explains classifiers giving N×K logits; {_network.GetType().Name} gave a tensor of shape [{string.Join(",", logits.shape)}].");
        }
        int classes = (int)logits.shape[1];

        Tensor probabilities;
        int[] predicted;
        using (torch.no_grad())
        {
            probabilities = torch.nn.functional.softmax(logits.detach(), 1).cpu().contiguous();
            predicted = probabilities.argmax(1).to(ScalarType.Int32).data<int>().ToArray();
        }
        var chosen = targets?.ToArray() ?? predicted;
        foreach (int t in chosen)
        {
            if (t < 0 || t >= classes) throw new ArgumentException($"Class {t} is not one of the network's {classes} classes.", nameof(targets));
        }

        // Each tile's logit depends on its own map alone (evaluation mode), so one backward pass of the
        // summed logits gives every tile its own gradient.
        Tensor gradient;
        try
        {
            using var enabled = torch.enable_grad();
            var index = torch.tensor(chosen.Select(t => (long)t).ToArray(), device: logits.device).unsqueeze(1);
            var selected = logits.gather(1, index).sum();
            gradient = torch.autograd.grad(new[] { selected }, new[] { activation })[0];
        }
        catch (ExternalException ex)
        {
            throw new InvalidOperationException($"The logits of {_network.GetType().Name} do not depend on the layer {layer.Name}: {ex.Message}", ex);
        }

        float[] maps;
        using (torch.no_grad())
        {
            var weights = gradient.mean(new long[] { 2, 3 }, keepdim: true);
            var cam = torch.nn.functional.relu(weights.mul(activation.detach()).sum(1, keepdim: true));
            if (layer.Geometry is { } geometry)
            {
                // Each cell's value at the pixel its window is centred on (see FeatureGeometry).
                var cells = cam.cpu().contiguous().data<float>().ToArray();
                maps = geometry.Resample(cells, count, (int)cam.shape[2], (int)cam.shape[3], height, width);
            }
            else
            {
                var resized = torch.nn.functional.interpolate(cam, new long[] { height, width }, mode: InterpolationMode.Bilinear, align_corners: false);
                maps = resized.cpu().contiguous().data<float>().ToArray();
            }
        }
        ScaleEach(maps, height * width);
        var copied = probabilities.data<float>().ToArray();
        return new GradCamBatch(maps, height, width, copied, classes, chosen, predicted);
    }

    // Each map divided by its maximum, so 1 marks where the tile's evidence is strongest; a map with no
    // positive evidence stays all zero.
    private static void ScaleEach(float[] maps, int area)
    {
        for (int start = 0; start < maps.Length; start += area)
        {
            var map = maps.AsSpan(start, area);
            float max = 0;
            foreach (float v in map) max = Math.Max(max, float.IsFinite(v) ? v : 0);
            for (int i = 0; i < map.Length; i++) map[i] = max > 0 && float.IsFinite(map[i]) ? Math.Clamp(map[i] / max, 0f, 1f) : 0f;
        }
    }
}
