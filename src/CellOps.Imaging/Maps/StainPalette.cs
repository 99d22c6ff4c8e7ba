namespace CellOps.Imaging.Maps;

/// <summary>
/// Colours of the classes in overlays. Class 0 (background, "negative") is never tinted; the first
/// stain colour is a fluorescence-like green, which stands out on both grey phase contrast and
/// purple-stained smears; further classes get distinct, colour-blind-safe hues.
/// </summary>
public static class StainPalette
{
    private static readonly (byte R, byte G, byte B)[] Colours =
    [
        (0, 0, 0),
        (0, 230, 64),
        (230, 159, 0),
        (86, 180, 233),
        (204, 121, 167),
        (240, 228, 66),
        (0, 114, 178),
        (213, 94, 0),
    ];

    /// <summary>The colour of class <paramref name="classIndex"/> (≥ 1); colours repeat after seven classes.</summary>
    public static (byte R, byte G, byte B) Of(int classIndex) =>
        classIndex <= 0 ? Colours[0] : Colours[1 + (classIndex - 1) % (Colours.Length - 1)];
}
