namespace CellOps.Runtime.Attention;

/// <summary>
/// Grad-CAM's answer for one batch: per tile a map at the input's size, scaled to 0..1, the class
/// it explains, the predicted class and the class probabilities.
/// </summary>
public sealed class GradCamBatch
{
    internal GradCamBatch(float[] maps, int height, int width, float[] probabilities, int classCount, int[] targets, int[] predicted)
    {
        Maps = maps;
        Height = height;
        Width = width;
        Probabilities = probabilities;
        ClassCount = classCount;
        Targets = targets;
        Predicted = predicted;
    }

    /// <summary>Tiles in the batch.</summary>
    public int Count => Targets.Length;

    /// <summary>Height of each map (the input's).</summary>
    public int Height { get; }

    /// <summary>Width of each map (the input's).</summary>
    public int Width { get; }

    /// <summary>Classes the network predicts.</summary>
    public int ClassCount { get; }

    /// <summary>N×H×W map values in 0..1, tile by tile, row by row.</summary>
    public float[] Maps { get; }

    /// <summary>N×K softmax probabilities.</summary>
    public float[] Probabilities { get; }

    /// <summary>The class each map explains.</summary>
    public int[] Targets { get; }

    /// <summary>The most probable class of each tile.</summary>
    public int[] Predicted { get; }

    /// <summary>Tile <paramref name="index"/>'s map.</summary>
    public ReadOnlySpan<float> Map(int index) => Maps.AsSpan(index * Height * Width, Height * Width);

    /// <summary>Tile <paramref name="index"/>'s class probabilities.</summary>
    public ReadOnlySpan<float> ProbabilitiesOf(int index) => Probabilities.AsSpan(index * ClassCount, ClassCount);
}
