using CellOps.Sdk.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CellOps.Runtime.Training;

/// <summary>
/// Transfer learning's two moves on networks with a backbone and a head: copying a trained backbone
/// into a fresh network (whose own head, sized for the new classes, stays fresh), and freezing it.
/// </summary>
public static class BackboneTransfer
{
    /// <summary>Copies every weight and buffer of <paramref name="from"/>'s backbone into <paramref name="to"/>'s.</summary>
    /// <exception cref="ArgumentException">The backbones differ in their layers or in a tensor's shape; nothing is copied.</exception>
    public static void Copy(ITransferableNetwork from, ITransferableNetwork to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var source = from.Backbone.state_dict();
        var target = to.Backbone.state_dict();
        // Check everything before copying anything, so a mismatch leaves the fresh network as it was.
        var missing = target.Keys.Except(source.Keys).Concat(source.Keys.Except(target.Keys)).FirstOrDefault();
        if (missing is not null)
        {
            throw new ArgumentException(
                $"The backbones differ: '{missing}' is in one and not the other. Start from a package whose network has the same layers " +
                "(the same model and depth and width hyperparameters).");
        }
        foreach (var (name, tensor) in target)
        {
            if (!tensor.shape.SequenceEqual(source[name].shape))
            {
                throw new ArgumentException(
                    $"The backbones differ in '{name}': [{string.Join(", ", source[name].shape)}] in the parent, [{string.Join(", ", tensor.shape)}] here. " +
                    "Give the same width and depth hyperparameters as the parent.");
            }
        }
        using (torch.no_grad())
        {
            foreach (var (name, tensor) in target) tensor.copy_(source[name]);
        }
    }

    /// <summary>
    /// Keeps the backbone's weights fixed: its parameters stop requiring gradients, so no optimizer
    /// moves them. The trainer also keeps the backbone in evaluation mode, so dropout and
    /// normalisation statistics inside it stay fixed too.
    /// </summary>
    public static void Freeze(ITransferableNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        foreach (var parameter in network.Backbone.parameters()) parameter.requires_grad = false;
    }
}
