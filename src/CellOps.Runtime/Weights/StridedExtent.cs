namespace CellOps.Runtime.Weights;

/// <summary>
/// Checks that a strided view (size, stride, storage offset) of a storage stays inside it, with
/// checked arithmetic, before any memory is allocated for it. Sizes and strides come from the file
/// and are not trusted.
/// </summary>
internal static class StridedExtent
{
    /// <summary>The view's element count.</summary>
    /// <exception cref="InvalidDataException">A negative size or stride, an overflow, or an element past the storage's end.</exception>
    public static long Check(string tensor, long[] size, long[] stride, long offset, long storageNumel)
    {
        if (size.Length != stride.Length)
            throw new InvalidDataException($"tensor '{tensor}' has {size.Length} sizes but {stride.Length} strides");
        if (offset < 0) throw new InvalidDataException($"tensor '{tensor}' starts at the negative storage offset {offset}");
        try
        {
            long numel = 1, last = offset;
            for (int i = 0; i < size.Length; i++)
            {
                if (size[i] < 0 || stride[i] < 0)
                    throw new InvalidDataException($"tensor '{tensor}' has the negative size or stride [{string.Join(", ", size)}] / [{string.Join(", ", stride)}]");
                numel = checked(numel * size[i]);
                if (size[i] > 0) last = checked(last + checked((size[i] - 1) * stride[i]));
            }
            long needed = numel == 0 ? offset : checked(last + 1);
            if (needed > storageNumel)
                throw new InvalidDataException(
                    $"tensor '{tensor}' of shape [{string.Join(", ", size)}] reaches element {needed} of a storage that holds {storageNumel}");
            return numel;
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"tensor '{tensor}' has a shape [{string.Join(", ", size)}] too large to address");
        }
    }
}
