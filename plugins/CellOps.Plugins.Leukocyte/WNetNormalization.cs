namespace CellOps.Plugins.Leukocyte;

/// <summary>What W-Net puts between each convolution and its ReLU.</summary>
public enum WNetNormalization
{
    /// <summary>Nothing: convolution, ReLU, pooling.</summary>
    None,

    /// <summary>Group normalisation (8 channel groups where the width allows): no running statistics, so training and evaluation agree.</summary>
    Group,

    /// <summary>Batch normalisation: evaluation uses running statistics, which lag on small sets.</summary>
    Batch,
}
