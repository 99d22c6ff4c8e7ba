namespace CellOps.Runtime.Data;

/// <summary>
/// The eight flips and quarter-turns of a square tile. Micrographs have no preferred orientation, so
/// each of these gives an equally valid training tile with the same label.
/// </summary>
public static class DihedralTransform
{
    /// <summary>Number of distinct transforms (index 0 is the identity).</summary>
    public const int Count = 8;

    /// <summary>
    /// Applies transform <paramref name="index"/> to each size×size plane of <paramref name="planes"/> in place:
    /// bit 0 flips horizontally, bit 1 flips vertically, bit 2 transposes (together: every rotation and reflection).
    /// </summary>
    /// <param name="planes">Channel-planar pixels, a whole number of size×size planes.</param>
    /// <param name="size">Plane width and height.</param>
    /// <param name="index">0..7.</param>
    /// <param name="scratch">At least size×size floats of working space.</param>
    public static void Apply(Span<float> planes, int size, int index, Span<float> scratch)
    {
        if ((uint)index >= Count) throw new ArgumentOutOfRangeException(nameof(index), index, "Transform index must be 0..7.");
        if (index == 0) return;
        int area = size * size;
        if (planes.Length % area != 0) throw new ArgumentException("Planes must be whole size×size planes.", nameof(planes));
        bool flipX = (index & 1) != 0, flipY = (index & 2) != 0, transpose = (index & 4) != 0;
        var work = scratch[..area];
        for (int offset = 0; offset < planes.Length; offset += area)
        {
            var plane = planes.Slice(offset, area);
            plane.CopyTo(work);
            for (int y = 0; y < size; y++)
            {
                int sy = flipY ? size - 1 - y : y;
                for (int x = 0; x < size; x++)
                {
                    int sx = flipX ? size - 1 - x : x;
                    plane[y * size + x] = transpose ? work[sx * size + sy] : work[sy * size + sx];
                }
            }
        }
    }
}
