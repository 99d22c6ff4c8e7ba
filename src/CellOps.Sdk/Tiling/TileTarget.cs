namespace CellOps.Sdk.Tiling;

/// <summary>What each tile of a tile set is labelled with: derived from the micrograph's pair, or given per micrograph.</summary>
public enum TileTarget
{
    /// <summary>No target (tiles for prediction).</summary>
    None,
    /// <summary>0/1: whether the positive area fraction of the binarized pair reaches a threshold.</summary>
    Label,
    /// <summary>The class of the centre pixel of a label image.</summary>
    CenterClass,
    /// <summary>The normalised class histogram of each cell of an r×r grid over the tile, for one or more r.</summary>
    ClassHistogram,
    /// <summary>The paired image's region itself (image translation).</summary>
    Image,
    /// <summary>
    /// The class of the whole micrograph the tile comes from, given per micrograph (its folder, a
    /// table of file names) rather than read from a pair: a cell crop's cell type, a well's treatment.
    /// </summary>
    ImageClass,
}
