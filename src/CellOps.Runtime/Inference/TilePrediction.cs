using CellOps.Sdk.Imaging;

namespace CellOps.Runtime.Inference;

/// <summary>The prediction for one tile.</summary>
public sealed class TilePrediction
{
    /// <summary>Creates a prediction.</summary>
    public TilePrediction(string micrograph, int index, PixelRect rect, int predictedClass, string className,
        IReadOnlyList<float> probabilities, int? label)
    {
        Micrograph = micrograph;
        Index = index;
        Rect = rect;
        PredictedClass = predictedClass;
        ClassName = className;
        Probabilities = probabilities;
        Label = label;
    }

    /// <summary>Name of the micrograph the tile was cut from.</summary>
    public string Micrograph { get; }

    /// <summary>The tile's index in its tile set.</summary>
    public int Index { get; }

    /// <summary>The tile's rectangle in the micrograph.</summary>
    public PixelRect Rect { get; }

    /// <summary>Left edge of the tile.</summary>
    public int X => Rect.X;

    /// <summary>Top edge of the tile.</summary>
    public int Y => Rect.Y;

    /// <summary>The most probable class.</summary>
    public int PredictedClass { get; }

    /// <summary>Its name.</summary>
    public string ClassName { get; }

    /// <summary>Probability of the predicted class.</summary>
    public float Probability => Probabilities[PredictedClass];

    /// <summary>Probabilities of all classes, index = class.</summary>
    public IReadOnlyList<float> Probabilities { get; }

    /// <summary>The tile's true label where the tile set has one.</summary>
    public int? Label { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Micrograph} [{Rect}] {ClassName} {Probability:0.000}";
}
