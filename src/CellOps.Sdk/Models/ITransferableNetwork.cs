using static TorchSharp.torch;

namespace CellOps.Sdk.Models;

/// <summary>
/// A classification network built as a feature extractor (the backbone) followed by a classifier on
/// its features (the head). Implementing it on the network that <see cref="ICellModel.CreateNetwork"/>
/// returns lets the host train the model on other classes than it declares (a new head of another
/// size) and start it from another trained package's backbone, frozen or not (transfer learning).
/// </summary>
/// <remarks>
/// Register the two as submodules named <c>backbone</c> and <c>head</c>, so that their weights are
/// saved under those prefixes and two networks whose backbones have the same layers can exchange them.
/// </remarks>
public interface ITransferableNetwork
{
    /// <summary>Everything before the head: the weights transfer learning copies and freezing keeps fixed.</summary>
    nn.Module Backbone { get; }

    /// <summary>The classifier: the backbone's features to one logit per class.</summary>
    nn.Module Head { get; }

    /// <summary>The number of classes the head predicts.</summary>
    int ClassCount { get; }

    /// <summary>
    /// Replaces the head with a freshly initialised one for <paramref name="classCount"/> classes,
    /// on the device the backbone is on; the backbone is untouched.
    /// </summary>
    /// <param name="classCount">At least 2.</param>
    void ReplaceHead(int classCount);
}
