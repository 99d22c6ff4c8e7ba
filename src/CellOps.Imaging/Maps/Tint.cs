namespace CellOps.Imaging.Maps;

/// <summary>
/// How overlays colour a display image: each pixel moved towards a colour by a strength in 0..1,
/// so where the strength is 0 the micrograph shows unchanged.
/// </summary>
public static class Tint
{
    /// <summary>Moves RGB pixel <paramref name="pixel"/> of <paramref name="rgb"/> towards <paramref name="colour"/> by <paramref name="alpha"/>.</summary>
    public static void Apply(Span<byte> rgb, int pixel, (byte R, byte G, byte B) colour, float alpha)
    {
        int p = pixel * 3;
        rgb[p] = Blend(rgb[p], colour.R, alpha);
        rgb[p + 1] = Blend(rgb[p + 1], colour.G, alpha);
        rgb[p + 2] = Blend(rgb[p + 2], colour.B, alpha);
    }

    private static byte Blend(byte under, byte colour, float alpha) => (byte)(under + (colour - under) * alpha + 0.5f);
}
