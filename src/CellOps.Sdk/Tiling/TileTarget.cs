namespace CellOps.Sdk.Tiling;

/// <summary>What each tile of a tile set is labelled with, derived from the micrograph's pair.</summary>
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
}
