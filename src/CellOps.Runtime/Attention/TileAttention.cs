using CellOps.Sdk.Tiling;

namespace CellOps.Runtime.Attention;

/// <summary>One tile's Grad-CAM map, the class it explains and what the model predicted.</summary>
public sealed class TileAttention
{
    internal TileAttention(Tile tile, float[] map, int size, int explainedClass, int predictedClass, float[] probabilities)
    {
        Tile = tile;
        Map = map;
        Size = size;
        ExplainedClass = explainedClass;
        PredictedClass = predictedClass;
        Probabilities = probabilities;
        int peak = 0;
        for (int i = 1; i < map.Length; i++)
        {
            if (map[i] > map[peak]) peak = i;
        }
        PeakX = peak % size;
        PeakY = peak / size;
    }

    /// <summary>The tile explained.</summary>
    public Tile Tile { get; }

    /// <summary>Size×Size map values in 0..1, row by row, in the tile's pixels.</summary>
    public float[] Map { get; }

    /// <summary>Side of the tile and the map, in pixels.</summary>
    public int Size { get; }

    /// <summary>The class whose evidence the map shows.</summary>
    public int ExplainedClass { get; }

    /// <summary>The most probable class.</summary>
    public int PredictedClass { get; }

    /// <summary>The class probabilities, index = class.</summary>
    public float[] Probabilities { get; }

    /// <summary>Column of the map's maximum (the first, row by row), in tile pixels.</summary>
    public int PeakX { get; }

    /// <summary>Row of the map's maximum, in tile pixels.</summary>
    public int PeakY { get; }
}
