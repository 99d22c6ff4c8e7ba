namespace CellOps.Sdk.Models;

/// <summary>
/// A network that can take weights saved by PyTorch for a published architecture (a state dict of
/// torchvision's ResNet-50, say). Implementing it on the network that <see cref="ICellModel.CreateNetwork"/>
/// returns lets the host import such a file: it reads the saved tensors, asks this interface where each
/// belongs, and copies those whose shapes match into the network.
/// </summary>
/// <remarks>
/// The saved names are the source architecture's own (<c>layer1.0.conv1.weight</c>); this network may
/// name the same tensors otherwise, typically under the <c>backbone</c> and <c>head</c> prefixes of an
/// <see cref="ITransferableNetwork"/>. A saved classifier for other classes (1000 ImageNet classes
/// against two cell fates) maps to the head all the same; its shape differs, and the host reports it
/// rather than copying it.
/// </remarks>
public interface IImportableNetwork
{
    /// <summary>
    /// The architecture whose saved weights this network takes, as PyTorch users know it, e.g.
    /// <c>torchvision.models.resnet50</c>; the host names it in messages and records it as the weights' origin.
    /// </summary>
    string ImportedArchitecture { get; }

    /// <summary>
    /// The name in this network's <c>state_dict</c> of the tensor saved as <paramref name="sourceKey"/>,
    /// or null where this network has no place for it (the host then reports it as left over).
    /// </summary>
    /// <param name="sourceKey">A key of the saved state dict, e.g. <c>fc.weight</c>.</param>
    string? MapImportedKey(string sourceKey);
}
