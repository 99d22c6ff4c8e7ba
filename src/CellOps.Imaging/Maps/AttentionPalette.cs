namespace CellOps.Imaging.Maps;

/// <summary>
/// The colours of attention maps: a perceptually even ramp from dark violet (0) through teal to
/// yellow (1), after the viridis scale, readable by colour-blind viewers and in grey print.
/// </summary>
public static class AttentionPalette
{
    private static readonly (byte R, byte G, byte B)[] Stops =
    [
        (68, 1, 84),
        (59, 82, 139),
        (33, 145, 140),
        (94, 201, 98),
        (253, 231, 37),
    ];

    /// <summary>The colour of <paramref name="value"/> (clamped to 0..1; not a number counts as 0).</summary>
    public static (byte R, byte G, byte B) Of(float value)
    {
        float v = float.IsFinite(value) ? Math.Clamp(value, 0f, 1f) : 0f;
        float position = v * (Stops.Length - 1);
        int lower = Math.Min((int)position, Stops.Length - 2);
        float t = position - lower;
        var (a, b) = (Stops[lower], Stops[lower + 1]);
        return (Mix(a.R, b.R, t), Mix(a.G, b.G, t), Mix(a.B, b.B, t));
    }

    private static byte Mix(byte from, byte to, float t) => (byte)(from + (to - from) * t + 0.5f);
}
