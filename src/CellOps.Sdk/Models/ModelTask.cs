namespace CellOps.Sdk.Models;

/// <summary>What a model predicts.</summary>
public enum ModelTask
{
    /// <summary>One class (with probabilities) per tile.</summary>
    TileClassification,

    /// <summary>A class per pixel or per grid cell of a tile.</summary>
    DenseSegmentation,

    /// <summary>An image from an image (e.g. phase contrast to a marker channel).</summary>
    ImageTranslation,

    /// <summary>Images from noise (synthetic training data).</summary>
    Generation,
}
