namespace CellOps.Plugins.CancerStemCell;

/// <summary>How the generator and the discriminator normalise their feature maps.</summary>
public enum FeatureNorm
{
    /// <summary>
    /// Batch normalisation with a learnt scale and shift (pix2pix's default): batch statistics in
    /// training, running statistics in prediction.
    /// </summary>
    Batch,

    /// <summary>
    /// Instance normalisation without scale or shift or running statistics: each tile's own statistics,
    /// in training and prediction alike, which is what pix2pix's batch norm computes at its batch size of 1.
    /// </summary>
    Instance,
}
