using CellOps.Sdk.Tiling;
using static TorchSharp.torch;

namespace CellOps.Runtime.Data;

/// <summary>
/// Targets that a batch reads at batch time, beside its inputs, so that each tile's target takes the
/// same flip or turn as its pixels: class fractions per grid cell (<see cref="DenseTargets"/>) or the
/// paired image itself (<see cref="ImageTargets"/>).
/// </summary>
public interface IBatchTargets
{
    /// <summary>The targets of a batch as one tensor on <paramref name="device"/>.</summary>
    /// <param name="tiles">The batch's tiles.</param>
    /// <param name="device">Where the tensor goes.</param>
    /// <param name="transforms">Per tile, the <see cref="DihedralTransform"/> its input took, or null.</param>
    Tensor Targets(IReadOnlyList<Tile> tiles, Device device, IReadOnlyList<int>? transforms = null);
}
