namespace CellOps.Imaging.Maps;

/// <summary>
/// A prediction result that can be laid back over its micrographs as per-pixel probability maps
/// (tile predictions, dense segmentations). Export-VirtualStain accepts anything that implements it.
/// </summary>
public interface IProbabilityMapSource
{
    /// <summary>One map per micrograph the result covers, in source order; built on demand.</summary>
    IEnumerable<ProbabilityMap> ToProbabilityMaps();
}
